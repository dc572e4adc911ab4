package io.poolagent.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.poolagent.agent.live.LiveCommand;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code leases PID} and {@code report PID [FILE]}: asks the agent running in another JVM, through
 * the JDK's attach API. The question is the agent jar loaded again with {@code command=...}, which
 * the running agent answers ({@link LiveCommand}) into a file made here, readable by this user
 * only. Nothing listens on the network, in either JVM.
 *
 * <p>Why not JMX through the attach API's local management agent: starting it opens an RMI port
 * on every interface of the target (it turns away remote clients only once connected), and it
 * stays open until that JVM exits.
 */
final class LiveQuery {

  /** The target JVM is not as the command needs: no agent in it, or one already. */
  static final int TARGET_REFUSED = 5;

  /** The target JVM's system property saying the agent runs there (PoolAgent.ACTIVE_PROPERTY). */
  static final String ACTIVE_PROPERTY = "io.poolagent.active";

  private final String command;

  LiveQuery(String command) {
    this.command = command;
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    boolean report = command.equals(LiveCommand.REPORT);
    if (args.length != 2 && !(report && args.length == 3)) {
      err.println(
          "usage: java -jar pool-agent.jar " + (report ? "report PID [FILE]" : "leases PID"));
      return 2;
    }
    String pid = args[1];
    if (!pid.matches("[0-9]+")) {
      err.println(command + ": PID must be a process id (a number), got '" + pid + "'");
      return 2;
    }
    String to = null;
    if (args.length == 3) {
      to = Path.of(args[2]).toAbsolutePath().toString();
      if (to.contains(",")) {
        err.println(command + ": FILE must not contain ',' (got '" + to + "')");
        return 2;
      }
    }
    Path answer = null;
    VirtualMachine vm = null;
    try {
      vm = VirtualMachine.attach(pid);
      if (vm.getSystemProperties().getProperty(ACTIVE_PROPERTY) == null) {
        err.println(
            command
                + ": pool-agent is not running in JVM "
                + pid
                + "; load it with: java -jar pool-agent.jar attach "
                + pid);
        return TARGET_REFUSED;
      }
      answer = Files.createTempFile("pool-agent-" + command + "-", ".txt");
      vm.loadAgent(
          agentJar().getPath(),
          LiveCommand.PREFIX + command + ",out=" + answer + (to == null ? "" : ",to=" + to));
      return print(pid, Files.readAllLines(answer, StandardCharsets.UTF_8), out, err);
    } catch (AttachNotSupportedException | IOException | URISyntaxException | RuntimeException e) {
      err.println(command + ": could not attach to JVM " + pid + ": " + e.getMessage());
      return 2;
    } catch (LinkageError e) {
      err.println(command + ": needs a JDK with the jdk.attach module on this side: " + e);
      return 2;
    } catch (com.sun.tools.attach.AgentLoadException
        | com.sun.tools.attach.AgentInitializationException e) {
      err.println(command + ": JVM " + pid + " did not run the command: " + e);
      return 2;
    } finally {
      detach(vm);
      delete(answer);
    }
  }

  private int print(String pid, List<String> answer, PrintStream out, PrintStream err) {
    if (answer.isEmpty()) {
      err.println(command + ": JVM " + pid + " gave no answer");
      return 2;
    }
    if (!answer.get(0).equals(LiveCommand.OK)) {
      for (String line : answer.subList(1, answer.size())) {
        err.println(command + ": JVM " + pid + ": " + line);
      }
      return TARGET_REFUSED;
    }
    if (command.equals(LiveCommand.REPORT)) {
      out.println("wrote a checkpoint of JVM " + pid + "'s report to " + answer.get(1));
    } else {
      for (String line : answer.subList(1, answer.size())) {
        out.println(line);
      }
    }
    return 0;
  }

  /**
   * Whether pool-agent already runs in JVM {@code pid}; false when that cannot be told (the
   * attach itself then says why it fails).
   */
  static boolean agentRunningIn(String pid) {
    VirtualMachine vm = null;
    try {
      vm = VirtualMachine.attach(pid);
      return vm.getSystemProperties().getProperty(ACTIVE_PROPERTY) != null;
    } catch (AttachNotSupportedException | IOException | RuntimeException | LinkageError e) {
      return false;
    } finally {
      detach(vm);
    }
  }

  static File agentJar() throws URISyntaxException {
    return new File(
        LiveQuery.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static void detach(VirtualMachine vm) {
    if (vm != null) {
      try {
        vm.detach();
      } catch (IOException e) {
        // Detaching only closes our end of the local socket.
      }
    }
  }

  private static void delete(Path answer) {
    if (answer != null) {
      try {
        Files.deleteIfExists(answer);
      } catch (IOException e) {
        // A temporary file left in the temp directory, readable by this user only.
      }
    }
  }
}
