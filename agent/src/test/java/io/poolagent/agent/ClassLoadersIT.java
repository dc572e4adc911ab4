package io.poolagent.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.host.PluginHost;
import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin loaded by a loader that resolves everything but the JDK itself (as HikariCP's test
 * {@code FauxWebClassLoader}, child-first web-app loaders and plugin hosts do), in a child JVM
 * with the agent: the woven plugin links and is tracked; and where the loader is one the agent
 * cannot weave, the plugin runs exactly as without the agent and the report says the run was
 * blind.
 */
class ClassLoadersIT {

  private static final Path JAR = Path.of(System.getProperty("poolagent.agentJar"));
  private static final String PLUGIN_SITE =
      "com.example.plugin.LeakyPlugin.run(LeakyPlugin.java:" + markedLine() + ")";

  /** The line of the planted leak, read from the plugin's source rather than written here. */
  private static int markedLine() {
    try {
      List<String> lines =
          Files.readAllLines(Path.of("src/test/java/com/example/plugin/LeakyPlugin.java"));
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).endsWith("// LEAK: plugin")) {
          return i + 1;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no line of LeakyPlugin.java ends with // LEAK: plugin");
  }

  @TempDir Path dir;

  @Test
  void aLoaderThatResolvesEverythingItselfSeesTheBridgeAndItsPluginIsTracked() throws Exception {
    Run plain = run(null, "child-first");
    Run withAgent = run("leakThreshold=1s", "child-first");

    assertSameAsWithoutAgent(plain, withAgent);
    Report report = ReportJson.read(withAgent.report);
    assertThat(report.leakSites())
        .as(withAgent.output)
        .singleElement()
        .satisfies(
            site -> {
              assertThat(site.callSite()).isEqualTo(PLUGIN_SITE);
              assertThat(site.counts().failing()).isEqualTo(1);
            });
    assertThat(report.leaks()).singleElement().satisfies(l -> assertThat(l.pool()).isEqualTo("plugin-pool"));
    assertThat(report.coverage().complete()).as(withAgent.output).isTrue();
    assertThat(report.coverage().loaders())
        .anySatisfy(
            loader -> {
              assertThat(loader.loader()).contains("IsolatingLoader");
              assertThat(loader.wovenClasses())
                  .contains("com.zaxxer.hikari.HikariDataSource", "org.h2.jdbc.JdbcConnection");
            });
    assertThat(check(withAgent.report)).isEqualTo(1);
  }

  @Test
  void aLoaderTheAgentCannotWeaveKeepsItsClassesAsTheyWereAndTheRunIsNotClean() throws Exception {
    Run plain = run(null, "hidden");
    Run withAgent = run("leakThreshold=1s", "hidden");

    assertSameAsWithoutAgent(plain, withAgent);
    assertThat(withAgent.output.lines().filter(l -> l.contains(" unwoven in class loader ")))
        .as("one line for the loader, whatever the number of its classes; " + withAgent.output)
        .singleElement()
        .satisfies(line -> assertThat(line).contains("IsolatingLoader", "cannot see the agent's bridge"));
    Report report = ReportJson.read(withAgent.report);
    Report.Coverage coverage = report.coverage();
    assertThat(coverage.complete()).isFalse();
    assertThat(coverage.leftAloneClasses()).isGreaterThan(1);
    assertThat(coverage.loaders())
        .filteredOn(l -> l.leftAlone() > 0)
        .singleElement()
        .satisfies(
            loader -> {
              assertThat(loader.loader()).contains("IsolatingLoader");
              assertThat(loader.woven()).isZero();
              assertThat(loader.leftAloneClasses())
                  .extracting(Report.LeftAlone::className)
                  .contains("com.zaxxer.hikari.HikariDataSource", "org.h2.jdbc.JdbcConnection");
            });
    assertThat(check(withAgent.report)).as("check's exit code for a blind run").isEqualTo(3);
  }

  private record Run(int exit, String stdout, String output, Path report) {}

  private Run run(String settings, String loader) throws Exception {
    Path report = dir.resolve(loader + "-report.json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (settings != null) {
      cmd.add("-javaagent:" + JAR + "=" + settings + ",report=" + report);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PluginHost.class.getName()));
    if (loader.equals("hidden")) {
      cmd.add("hidden");
    }
    Path stdout = dir.resolve(loader + (settings == null ? "-plain" : "-agent") + ".out");
    Path stderr = dir.resolve(loader + (settings == null ? "-plain" : "-agent") + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().put("OTEL_SDK_DISABLED", "true");
    Process process = pb.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    return new Run(process.exitValue(), out, out + err, report);
  }

  private static void assertSameAsWithoutAgent(Run plain, Run withAgent) {
    assertThat(plain.exit).as(plain.output).isZero();
    assertThat(plain.stdout).startsWith("plugin answered 42, holding one");
    assertThat(withAgent.exit).as(withAgent.output).isZero();
    assertThat(withAgent.stdout).as(withAgent.output).isEqualTo(plain.stdout);
    assertThat(withAgent.output)
        .doesNotContain("LinkageError", "NoClassDefFoundError", "VerifyError");
  }

  private static int check(Path report) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "check",
                report.toString())
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }
}
