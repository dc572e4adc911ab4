package io.poolagent.agent.cli;

import io.poolagent.report.CheckOptions;
import io.poolagent.report.ReportCheck;
import io.poolagent.report.Threshold;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code check [options] REPORT|DIR...}: the command line read into {@link CheckOptions}, then
 * {@link ReportCheck}. A bad option exits 2 with one line naming it and what it accepts.
 */
final class CheckCommand {

  static final String USAGE =
      "usage: java -jar pool-agent.jar check [--baseline FILE] [--junit FILE]"
          + " [--max-wait-p95 [POOL=]DURATION] [--max-timeouts [POOL=]N] [--max-open [POOL=]N]"
          + " [--max-late-returns N] REPORT|DIR...\n"
          + "   or: java -jar pool-agent.jar check --write-baseline FILE REPORT|DIR...";

  private static final String PREFIX = "pool-agent check: ";

  private CheckCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      out.println("exit codes: 0 pass, 1 leaks, 2 unreadable or usage, 3 blind run, 4 threshold");
      return ReportCheck.PASS;
    }
    CheckOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(PREFIX + e.getMessage());
      return ReportCheck.UNREADABLE;
    }
    return ReportCheck.run(options, out, err);
  }

  static CheckOptions parse(List<String> args) {
    List<Path> inputs = new ArrayList<>();
    List<Threshold> thresholds = new ArrayList<>();
    Path baseline = null;
    Path writeBaseline = null;
    Path junit = null;
    boolean optionsEnd = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnd || !arg.startsWith("--")) {
        inputs.add(Path.of(arg));
        continue;
      }
      if (arg.equals("--")) {
        optionsEnd = true;
        continue;
      }
      int eq = arg.indexOf('=');
      String option = eq >= 0 ? arg.substring(0, eq) : arg;
      Threshold.Kind kind = Threshold.Kind.ofOption(option);
      String accepted = kind != null ? kind.accepted() : "FILE";
      if (kind == null && !List.of("--baseline", "--write-baseline", "--junit").contains(option)) {
        throw new IllegalArgumentException(
            "unknown option '"
                + option
                + "'; options: --baseline, --write-baseline, --junit, --max-wait-p95,"
                + " --max-timeouts, --max-open, --max-late-returns");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException(option + " needs a value: " + accepted);
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException(option + " needs a value: " + accepted);
      }
      if (kind != null) {
        thresholds.add(unique(thresholds, Threshold.parse(kind, value)));
      } else if (option.equals("--baseline")) {
        baseline = once(option, baseline, value);
      } else if (option.equals("--write-baseline")) {
        writeBaseline = once(option, writeBaseline, value);
      } else {
        junit = once(option, junit, value);
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no report given\n" + USAGE);
    }
    if (writeBaseline != null && (baseline != null || junit != null || !thresholds.isEmpty())) {
      throw new IllegalArgumentException(
          "--write-baseline writes the reports' leak call sites and judges nothing;"
              + " it takes no other option");
    }
    return new CheckOptions(inputs, baseline, writeBaseline, junit, thresholds);
  }

  private static Path once(String option, Path previous, String value) {
    if (previous != null) {
      throw new IllegalArgumentException(option + " given twice; it takes one FILE");
    }
    return Path.of(value);
  }

  private static Threshold unique(List<Threshold> earlier, Threshold t) {
    for (Threshold e : earlier) {
      if (e.kind() == t.kind() && Objects.equals(e.pool(), t.pool())) {
        throw new IllegalArgumentException(
            t.kind().option
                + " given twice for "
                + (t.pool() == null ? "all pools" : "pool " + t.pool())
                + "; give each pool one limit");
      }
    }
    return t;
  }
}
