package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.Report;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent as a user meets it: bad settings, the check command, attach, unusual class loaders. */
class AgentBehaviourIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "agent argument|leakThreshold=abc|leakThreshold",
        "agent argument|stackDepth=0|stackDepth",
        "agent argument|leakTreshold=10s|leakTreshold",
        "agent argument|mode=pool|mode",
        "agent argument|pool.minIdle=60|pool.minIdle",
        "system property|-Dpool.agent.stackSampleRate=2|stackSampleRate",
        "environment|POOL_AGENT_LOG_LEVEL=loud|logLevel",
      })
  void aBadSettingLeavesTheAppExactlyAsWithoutTheAgent(String where, String setting, String key)
      throws Exception {
    ChildJvm.Result plain = ChildJvm.testApp("--scenario", "method-leak").in(dir).run();

    ChildJvm withBadSetting = ChildJvm.testApp("--scenario", "method-leak").in(dir);
    switch (where) {
      case "agent argument":
        withBadSetting.withAgent(setting);
        break;
      case "system property":
        withBadSetting.withAgent(null).jvmOption(setting);
        break;
      default:
        withBadSetting.withAgent(null).env(setting.split("=")[0], setting.split("=")[1]);
    }
    ChildJvm.Result result = withBadSetting.run();

    assertThat(result.exitCode()).isEqualTo(plain.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo(plain.stdout());
    assertThat(result.agentLines())
        .as(result.describe())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line).contains(key);
              assertThat(line).containsAnyOf("accepted:", "known settings:");
              assertThat(line).contains("pool-agent is disabled");
            });
    assertThat(dir.resolve("pool-agent-report.json")).doesNotExist();
  }

  @Test
  void agentArgumentsWinOverSystemPropertiesWhichWinOverEnvironment() throws Exception {
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", "no-leak")
            .withAgent("report=from-argument.json")
            .jvmOption("-Dpool.agent.report=from-property.json")
            .jvmOption("-Dpool.agent.leakThreshold=2m")
            .env("POOL_AGENT_REPORT", "from-env.json")
            .env("POOL_AGENT_LEAK_THRESHOLD", "1m")
            .env("POOL_AGENT_STACK_DEPTH", "12")
            .in(dir)
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(dir.resolve("from-property.json")).doesNotExist();
    assertThat(dir.resolve("from-env.json")).doesNotExist();
    Report report = ChildJvm.readReport(dir.resolve("from-argument.json"), result);
    assertThat(report.settings())
        .containsEntry("leakThreshold", "2m")
        .containsEntry("stackDepth", "12")
        .containsEntry("report", "from-argument.json");
  }

  @Test
  void reportNoneWritesNoFileButStillPrintsTheSummary() throws Exception {
    ChildJvm.Result result =
        ChildJvm.testApp("--scenario", "method-leak")
            .withAgent("report=none")
            .in(dir)
            .run();

    assertThat(result.exitCode()).isZero();
    assertThat(dir.resolve("pool-agent-report.json")).doesNotExist();
    assertThat(result.agentLines())
        .anyMatch(l -> l.contains("3 connection leaks") && l.contains("open at exit"))
        .anyMatch(l -> l.contains(LeakMarkers.callSite("method-leak")));
  }

  @ParameterizedTest(name = "check on {0}")
  @CsvSource({"no-leak,0", "long-hold,0", "method-leak,1", "dropped,1"})
  void checkExitsNonZeroOnlyOnLeaksThatFailASoakTest(String scenario, int expectedExit)
      throws Exception {
    Path report = dir.resolve(scenario + ".json");
    ChildJvm.Result app =
        ChildJvm.testApp("--scenario", scenario, "--hold", "2500ms", "--linger", "700ms")
            .withAgent("leakThreshold=1500ms,report=" + report)
            .in(dir)
            .run();
    assertThat(app.exitCode()).as(app.describe()).isZero();

    ChildJvm.Result check =
        ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "check", report.toString()).run();

    assertThat(check.exitCode()).as(check.describe()).isEqualTo(expectedExit);
    if (expectedExit == 1) {
      assertThat(check.stdout()).contains(LeakMarkers.callSite(scenario));
    }
    if (scenario.equals("long-hold")) {
      assertThat(check.stdout()).contains("late return");
    }
  }

  /** A build's JVMs, one report each, gated as one run: leaks, a baseline, a threshold, JUnit. */
  @Test
  void checkJudgesADirectoryOfReportsWithABaselineAndThresholds() throws Exception {
    Path reports = dir.resolve("reports");
    for (String scenario : new String[] {"method-leak", "no-leak"}) {
      ChildJvm.Result app =
          ChildJvm.testApp("--scenario", scenario)
              .withAgent("report=" + reports.resolve(scenario + ".json"))
              .in(dir)
              .run();
      assertThat(app.exitCode()).as(app.describe()).isZero();
    }
    Path baseline = dir.resolve("baseline.txt");
    Path junit = dir.resolve("pool-agent.xml");

    ChildJvm.Result leaks = check(reports.toString());
    ChildJvm.Result written = check("--write-baseline", baseline.toString(), reports.toString());
    ChildJvm.Result known = check("--baseline", baseline.toString(), reports.toString());
    ChildJvm.Result open =
        check(
            "--baseline",
            baseline.toString(),
            "--max-open",
            "0",
            "--junit",
            junit.toString(),
            reports.toString());

    assertThat(leaks.exitCode()).as(leaks.describe()).isEqualTo(1);
    assertThat(leaks.stdout())
        .startsWith("2 reports, judged as one run")
        .contains(LeakMarkers.callSite("method-leak"));
    assertThat(written.exitCode()).as(written.describe()).isZero();
    assertThat(Files.readString(baseline)).contains(LeakMarkers.callSite("method-leak"));
    assertThat(known.exitCode()).as(known.describe()).isZero();
    assertThat(open.exitCode()).as(open.describe()).isEqualTo(4);
    assertThat(open.stdout()).containsPattern("FAIL: pool .*: open leases [1-9][0-9]* > limit 0");
    assertThat(Files.readString(junit)).contains("<failure type=\"threshold\"");
  }

  private static ChildJvm.Result check(String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = "-jar";
    command[1] = ChildJvm.AGENT_JAR.toString();
    command[2] = "check";
    System.arraycopy(args, 0, command, 3, args.length);
    return ChildJvm.command(command).run();
  }

  @Test
  void checkExitsTwoOnAReportItCannotRead() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{ not json");

    ChildJvm.Result missing =
        ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "check", dir.resolve("nope.json").toString())
            .run();
    ChildJvm.Result malformed =
        ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "check", garbage.toString()).run();

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("nope.json");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.stderr()).contains("garbage.json");
  }

  @Test
  void helpListsTheCommandsAndEverySetting() throws Exception {
    ChildJvm.Result help = ChildJvm.command("-jar", ChildJvm.AGENT_JAR.toString(), "--help").run();

    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout())
        .contains("check [options] REPORT|DIR...", "attach PID", "-javaagent:pool-agent.jar")
        .contains("mode", "leakThreshold", "stackDepth", "stackSampleRate", "report", "logLevel")
        .contains("POOL_AGENT_LEAK_THRESHOLD");
  }

  @ParameterizedTest(name = "attach on {0}")
  @EnumSource(Jdk.class)
  void attachTracksConnectionsBorrowedAfterIt(Jdk jdk) throws Exception {
    Path report = dir.resolve("attached.json");
    Process app =
        ChildJvm.testApp("--scenario", "method-leak", "--await-stdin", "--linger", "1s")
            .on(jdk)
            .in(dir)
            .start();
    CompletableFuture<String> stderr = ChildJvm.drain(app.getErrorStream());
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
    String ready = stdout.readLine();
    assertThat(ready).startsWith("testapp ready pid=");
    String pid = ready.substring("testapp ready pid=".length()).trim();

    ChildJvm.Result attach =
        ChildJvm.command(
                "-jar",
                ChildJvm.AGENT_JAR.toString(),
                "attach",
                pid,
                "leakThreshold=300ms,report=" + report)
            .on(jdk)
            .run();
    assertThat(attach.exitCode()).as(attach.describe()).isZero();

    try (OutputStream in = app.getOutputStream()) {
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
    }
    String rest = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(app.waitFor()).as(rest + stderr.get()).isZero();
    assertThat(stderr.get()).contains("[pool-agent] pool-agent").contains("attached");

    Report result = ChildJvm.readReport(report, new ChildJvm.Result(0, rest, stderr.get()));
    assertThat(result.totals().openAtExit()).isEqualTo(3);
    assertThat(result.leakSites())
        .singleElement()
        .satisfies(s -> assertThat(s.callSite()).isEqualTo(LeakMarkers.callSite("method-leak")));
  }

  @ParameterizedTest(name = "child-first class loader, via {0}")
  @CsvSource({"drivermanager", "datasource", "hikari"})
  void worksWhenTheAppAndDriverComeFromAChildFirstClassLoader(String via) throws Exception {
    Path report = dir.resolve("child-first.json");
    ChildJvm.Result result =
        ChildJvm.command(
                "-cp",
                System.getProperty("poolagent.testClasses"),
                ChildFirstLauncher.class.getName(),
                ChildJvm.TESTAPP_JAR.toString(),
                "--scenario",
                "method-leak",
                "--via",
                via,
                "--linger",
                "700ms")
            .withAgent("leakThreshold=1500ms,report=" + report)
            .in(dir)
            .run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).contains("app loader: child-first", "driver loader: child-first");
    Report parsed = ChildJvm.readReport(report, result);
    assertThat(parsed.totals().openAtExit()).as(result.describe()).isEqualTo(3);
    assertThat(parsed.leakSites())
        .singleElement()
        .satisfies(s -> assertThat(s.callSite()).isEqualTo(LeakMarkers.callSite("method-leak")));
    assertThat(parsed.pools()).singleElement().satisfies(p -> assertThat(p.returns()).isPositive());
  }
}
