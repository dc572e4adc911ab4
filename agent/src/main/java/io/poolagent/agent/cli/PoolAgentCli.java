package io.poolagent.agent.cli;

import io.poolagent.agent.live.LiveCommand;
import io.poolagent.config.InvalidSettingException;
import io.poolagent.config.SettingsParser;
import io.poolagent.lease.AgentVersion;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code java -jar pool-agent.jar COMMAND}: {@code check}, {@code attach}, {@code --help}. Exit
 * codes are a contract for pipelines: 0 fine, 1 leaks found ({@code check}), 2 usage or input error,
 * 5 the target JVM refused ({@code attach}: the agent runs there already; {@code leases}, {@code
 * report}: it does not).
 */
public final class PoolAgentCli {

  private PoolAgentCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      help(out);
      return args.length == 0 ? 2 : 0;
    }
    switch (args[0]) {
      case "check":
        return CheckCommand.run(Arrays.asList(args).subList(1, args.length), out, err);
      case "html":
        return HtmlCommand.run(args, out, err);
      case "attach":
        if (args.length < 2 || args.length > 3) {
          err.println("usage: java -jar pool-agent.jar attach PID [key=value,key=value]");
          return 2;
        }
        return attach(args[1], args.length == 3 ? args[2] : "", out, err);
      case "leases":
        return new LiveQuery(LiveCommand.LEASES).run(args, out, err);
      case "report":
        return new LiveQuery(LiveCommand.REPORT).run(args, out, err);
      case "--version":
      case "version":
        out.println("pool-agent " + AgentVersion.get());
        return 0;
      default:
        err.println("unknown command '" + args[0] + "'; commands: check, html, attach, leases, report, --help, --version");
        return 2;
    }
  }

  private static int attach(String pid, String settings, PrintStream out, PrintStream err) {
    if (!pid.matches("[0-9]+")) {
      err.println("attach: PID must be a process id (a number), got '" + pid + "'");
      return 2;
    }
    try {
      // Validate here, where the user is looking; the target JVM would only print to its stderr.
      SettingsParser.parse(settings, Map.of(), Map.of());
    } catch (InvalidSettingException e) {
      err.println("attach: " + e.getMessage());
      return 2;
    }
    if (LiveQuery.agentRunningIn(pid)) {
      // A second start would be ignored by the target, settings and all: say so here instead.
      err.println(
          "attach: pool-agent is already running in JVM "
              + pid
              + "; its settings stay as they were. See what it holds with: java -jar pool-agent.jar"
              + " leases "
              + pid);
      return LiveQuery.TARGET_REFUSED;
    }
    try {
      File agentJar = LiveQuery.agentJar();
      ByteBuddyAgent.attach(agentJar, pid, settings);
      out.println("pool-agent attached to JVM " + pid + "; the report is written when that JVM exits");
      return 0;
    } catch (URISyntaxException | RuntimeException e) {
      err.println("attach to JVM " + pid + " failed: " + rootMessage(e));
      return 2;
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t) : t.getMessage() + " (" + root + ")";
  }

  private static void help(PrintStream out) {
    out.println("pool-agent " + AgentVersion.get() + ": tracks every JDBC connection lease and reports leaks.");
    out.println();
    out.println("As an agent:");
    out.println("  java -javaagent:pool-agent.jar[=key=value,...] -jar your-service.jar");
    out.println();
    out.println("Commands:");
    out.println("  java -jar pool-agent.jar check [options] REPORT|DIR...");
    out.println("      judge the reports (a directory: its *.json) as one run; exit 0 pass,");
    out.println("      1 leaks, 2 unreadable or usage, 3 blind run, 4 threshold exceeded.");
    out.println("      --baseline FILE    fail only on leak call sites not in FILE");
    out.println("      --write-baseline FILE   write the leak call sites to FILE");
    out.println("      --junit FILE       write the verdict as JUnit XML");
    out.println("      --max-wait-p95 [POOL=]DURATION  --max-timeouts [POOL=]N");
    out.println("      --max-open [POOL=]N  --max-late-returns N");
    out.println("  java -jar pool-agent.jar html REPORT.json [OUT.html]");
    out.println("      write the report's HTML page (default: beside it, .json -> .html); exit 2");
    out.println("      if the report is unreadable");
    out.println("  java -jar pool-agent.jar attach PID [key=value,...]");
    out.println("      load the agent into a running JVM; the report is written when it exits");
    out.println("      (exit 5 if pool-agent already runs in that JVM)");
    out.println("  java -jar pool-agent.jar leases PID");
    out.println("      who holds connections now in a JVM running the agent: per pool, by call");
    out.println("      site, and the connections lost to leaks the collector took");
    out.println("  java -jar pool-agent.jar report PID [FILE]");
    out.println("      write a checkpoint of that JVM's report now, to FILE or its report file");
    out.println("      leases and report: exit 5 if pool-agent does not run in that JVM");
    out.println("  java -jar pool-agent.jar --help | --version");
    out.println();
    out.println("Settings (agent argument key=value, -Dpool.agent.KEY=value, or environment POOL_AGENT_KEY):");
    for (SettingsParser.Key key : SettingsParser.Key.values()) {
      out.printf("  %-16s default %-24s %s%n", key.name, key.defaultValue, key.accepted);
      out.printf("  %-16s env %s%n", "", key.envName());
    }
    out.println();
    out.println("Telemetry settings are OpenTelemetry's own (OTEL_*).");
  }
}
