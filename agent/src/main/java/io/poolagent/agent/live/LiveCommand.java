package io.poolagent.agent.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command for the agent already running in this JVM, loaded through the attach API by {@code
 * java -jar pool-agent.jar leases PID} or {@code report PID}: the agent's argument is {@code
 * command=NAME,out=FILE[,to=FILE]}, and the answer goes to {@code out}, a file the command line
 * made for it. Nothing listens on the network: the attach API's own socket is a local one that
 * the JVM opens to its own user only.
 *
 * <p>The answer's first line is {@link #OK} or {@link #FAILED}; the lines after it are what the
 * command line prints (on stdout, or on stderr after {@code FAILED}).
 */
public final class LiveCommand {

  /** How the agent's argument says it is a command, not a start. */
  public static final String PREFIX = "command=";

  public static final String LEASES = "leases";
  public static final String REPORT = "report";
  public static final String OK = "ok";
  public static final String FAILED = "failed";

  private LiveCommand() {}

  /** Runs the command {@code args} names; never throws, never starts the agent. */
  public static void run(String args) {
    Map<String, String> options = new HashMap<>();
    for (String pair : args.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        options.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    String out = options.get("out");
    if (out == null) {
      return;
    }
    List<String> answer = new ArrayList<>();
    try {
      answer.addAll(answer(options.get("command"), options.get("to")));
    } catch (Exception | LinkageError e) {
      answer.clear();
      answer.add(FAILED);
      answer.add(String.valueOf(e.getMessage() != null ? e.getMessage() : e));
    }
    try {
      Files.write(Path.of(out), answer, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // The command line reads an empty answer as a failure and says so; nothing else to do here.
    }
  }

  private static List<String> answer(String command, String to) throws IOException {
    LiveLeases live = LiveLeases.running();
    if (live == null) {
      return List.of(FAILED, "pool-agent is not running in this JVM");
    }
    List<String> lines = new ArrayList<>();
    lines.add(OK);
    if (LEASES.equals(command)) {
      lines.addAll(live.getLines());
    } else if (REPORT.equals(command)) {
      lines.add(to == null ? live.writeReport() : live.writeReport(Path.of(to)));
    } else {
      return List.of(FAILED, "unknown command '" + command + "'; commands: leases, report");
    }
    return lines;
  }
}
