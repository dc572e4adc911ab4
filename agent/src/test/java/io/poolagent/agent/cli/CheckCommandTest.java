package io.poolagent.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.CheckOptions;
import io.poolagent.report.ReportCheck;
import io.poolagent.report.Threshold;
import io.poolagent.report.Threshold.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code check}'s command line: every option, and one line naming each bad one, exit 2. */
class CheckCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void everyOptionIsRead() {
    CheckOptions options =
        CheckCommand.parse(
            List.of(
                "--baseline",
                "ci/baseline.txt",
                "--junit=target/pool-agent.xml",
                "--max-wait-p95",
                "200ms",
                "--max-wait-p95",
                "reporting=2s",
                "--max-timeouts=HikariPool-1=0",
                "--max-open",
                "1",
                "--max-late-returns",
                "5",
                "target/pool-agent",
                "extra.json"));

    assertThat(options.inputs())
        .containsExactly(Path.of("target/pool-agent"), Path.of("extra.json"));
    assertThat(options.baseline()).isEqualTo(Path.of("ci/baseline.txt"));
    assertThat(options.junit()).isEqualTo(Path.of("target/pool-agent.xml"));
    assertThat(options.writeBaseline()).isNull();
    assertThat(options.thresholds())
        .containsExactly(
            new Threshold(Kind.WAIT_P95, null, 200),
            new Threshold(Kind.WAIT_P95, "reporting", 2000),
            new Threshold(Kind.TIMEOUTS, "HikariPool-1", 0),
            new Threshold(Kind.OPEN, null, 1),
            new Threshold(Kind.LATE_RETURNS, null, 5));
  }

  @Test
  void aReportNamedLikeAnOptionFollowsTheDoubleDash() {
    assertThat(CheckCommand.parse(List.of("--", "--odd.json")).inputs())
        .containsExactly(Path.of("--odd.json"));
  }

  @Test
  void badCommandLinesExitTwoWithOneLineNamingTheOption() {
    assertBad(
        List.of("--max-wait-p95", "soon", "r.json"),
        "pool-agent check: --max-wait-p95: 'soon' is not valid; accepted: [POOL=]DURATION, a"
            + " whole number with a unit: ms, s, m or h (e.g. 500ms, 10s, 2m)");
    assertBad(
        List.of("--max-open", "many", "r.json"),
        "pool-agent check: --max-open: 'many' is not valid; accepted: [POOL=]N, a whole number >="
            + " 0");
    assertBad(
        List.of("--max-leaks", "0", "r.json"),
        "pool-agent check: unknown option '--max-leaks'; options: --baseline, --write-baseline,"
            + " --junit, --max-wait-p95, --max-timeouts, --max-open, --max-late-returns");
    assertBad(List.of("r.json", "--junit"), "pool-agent check: --junit needs a value: FILE");
    assertBad(
        List.of("--max-open", "1", "--max-open", "2", "r.json"),
        "pool-agent check: --max-open given twice for all pools; give each pool one limit");
    assertBad(
        List.of("--baseline", "a.txt", "--baseline", "b.txt", "r.json"),
        "pool-agent check: --baseline given twice; it takes one FILE");
    assertBad(
        List.of("--write-baseline", "b.txt", "--junit", "j.xml", "r.json"),
        "pool-agent check: --write-baseline writes the reports' leak call sites and judges"
            + " nothing; it takes no other option");
  }

  @Test
  void helpSaysTheOptionsAndExitCodes() {
    int code = PoolAgentCli.run(new String[] {"check", "--help"}, print(out), print(err));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: java -jar pool-agent.jar check [--baseline FILE]")
        .contains("4 threshold");
  }

  @Test
  void noReportIsAUsageError() {
    int code = PoolAgentCli.run(new String[] {"check", "--max-open", "1"}, print(out), print(err));

    assertThat(code).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(err())
        .startsWith("pool-agent check: no report given\nusage: java -jar pool-agent.jar check ");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private void assertBad(List<String> args, String line) {
    err.reset();
    List<String> command = new java.util.ArrayList<>(List.of("check"));
    command.addAll(args);

    int code = PoolAgentCli.run(command.toArray(String[]::new), print(out), print(err));

    assertThat(code).as(args.toString()).isEqualTo(ReportCheck.UNREADABLE);
    assertThat(err()).as(args.toString()).isEqualTo(line + "\n");
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
