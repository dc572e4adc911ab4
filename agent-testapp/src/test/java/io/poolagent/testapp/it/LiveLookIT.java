package io.poolagent.testapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.poolagent.report.Report;
import io.poolagent.report.ReportJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A running JVM looked at from outside, as an engineer on call would: a HikariCP pool on
 * PostgreSQL of {@value #POOL_SIZE}, two connections dropped unclosed and collected (HikariCP never
 * gets them back), three held by exports, one more request timed out. {@code leases PID}, {@code
 * report PID}, the MBean and the exhaustion explanation must all say who holds the pool, and the
 * two lost to leaks apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveLookIT {

  private static final int POOL_SIZE = 5;
  private static final int HELD = 3;
  private static final int LOST = 2;
  private static final String POOL = "testapp-hikari";

  private Path dir;
  private Process app;
  private String pid;
  private final StringBuffer stderr = new StringBuffer();
  private Path reportFile;

  @BeforeAll
  void startAJvmWhosePoolRanDry(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Databases.requireReachable("postgres");
    reportFile = dir.resolve("report.json");
    app =
        ChildJvm.testApp(
                "--scenario", "pool-lost", "--db", "postgres", "--via", "hikari",
                "--pool-size", String.valueOf(POOL_SIZE), "--borrow-timeout", "2s",
                "--hold", "300s")
            .withAgent("leakThreshold=10m,reportInterval=0,report=" + reportFile)
            .env("OTEL_SDK_DISABLED", "true")
            .in(dir)
            .start();
    pid = String.valueOf(app.pid());
    collect(app.getErrorStream(), stderr);
    awaitLine(app.getInputStream(), "pool-lost: holding " + HELD + " connections");
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.destroyForcibly();
      app.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void leasesNamesWhoHoldsThePoolAndTheConnectionsLostToCollectedLeaks() throws Exception {
    ChildJvm.Result leases = cli("leases", pid);

    assertThat(leases.exitCode()).as(leases.describe()).isZero();
    List<String> lines = leases.stdout().lines().toList();
    assertThat(lines)
        .as(leases.describe())
        .contains("pool " + POOL + " (hikari): " + HELD + " connections held now, by call site:")
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "  " + HELD + " borrowed at "
                            + LeakMarkers.holderCallSite("pool-exhausted") + ", longest held ")
                    .contains("export-worker-1", "export-worker-2", "export-worker-3"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "pool " + POOL + " also lost " + LOST + " connections to leaks: dropped"
                            + " without close() and garbage-collected"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("  " + LOST + " borrowed at " + LeakMarkers.callSite("dropped"))
                    .endsWith(" ms ago, thread main"))
        .contains("      at " + LeakMarkers.callSite("dropped"));
  }

  @Test
  void reportWritesACheckpointNowThatCheckReads() throws Exception {
    // reportInterval=0: the agent writes no checkpoint of its own; the MBean's test may have.
    Files.deleteIfExists(reportFile);

    ChildJvm.Result written = cli("report", pid);

    assertThat(written.exitCode()).as(written.describe()).isZero();
    assertThat(written.stdout())
        .isEqualTo("wrote a checkpoint of JVM " + pid + "'s report to " + reportFile + "\n");
    Report report = ReportJson.read(reportFile);
    assertThat(report.finalReport()).isFalse();
    assertThat(report.pid()).isEqualTo(app.pid());
    assertThat(report.totals().collected()).isEqualTo(LOST);
    assertThat(report.pools())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.open()).isEqualTo(HELD);
              // The episode in which the request timed out: who held the pool, and who lost it.
              assertThat(p.exhaustions())
                  .singleElement()
                  .satisfies(
                      episode -> {
                        assertThat(episode.held()).isEqualTo(HELD);
                        assertThat(episode.holders())
                            .singleElement()
                            .satisfies(h -> assertThat(h.count()).isEqualTo(HELD));
                        assertThat(episode.collected())
                            .singleElement()
                            .satisfies(
                                c -> {
                                  assertThat(c.callSite())
                                      .isEqualTo(LeakMarkers.callSite("dropped"));
                                  assertThat(c.count()).isEqualTo(LOST);
                                });
                      });
            });

    Path elsewhere = dir.resolve("asked.json");
    ChildJvm.Result toFile = cli("report", pid, elsewhere.toString());
    assertThat(toFile.exitCode()).as(toFile.describe()).isZero();
    assertThat(ReportJson.read(elsewhere).totals().collected()).isEqualTo(LOST);
    // Its HTML page beside it, as every report file has, saying it is a checkpoint.
    assertThat(dir.resolve("asked.html")).content().contains("<p class=\"banner checkpoint\">");
  }

  @Test
  void theMBeanSaysTheSameThroughTheLocalJmxConnector() throws Exception {
    VirtualMachine vm = VirtualMachine.attach(pid);
    String url;
    try {
      url = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      ObjectName leases = new ObjectName("io.poolagent:type=Leases");
      // The agent registers it once JMX is in use, which starting the management agent made it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!server.isRegistered(leases) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }

      CompositeData pool = (CompositeData) single(server.getAttribute(leases, "Pools"));
      assertThat(pool.get("pool")).isEqualTo(POOL);
      assertThat(pool.get("held")).isEqualTo(HELD);
      CompositeData holder = (CompositeData) single(pool.get("holders"));
      assertThat(holder.get("callSite")).isEqualTo(LeakMarkers.holderCallSite("pool-exhausted"));
      assertThat(holder.get("count")).isEqualTo(HELD);
      assertThat((String[]) holder.get("threads"))
          .containsExactlyInAnyOrder("export-worker-1", "export-worker-2", "export-worker-3");
      assertThat((String[]) holder.get("stack")).isNotEmpty();
      assertThat(pool.get("collectedCount")).isEqualTo(LOST);
      CompositeData lost = (CompositeData) single(pool.get("collected"));
      assertThat(lost.get("callSite")).isEqualTo(LeakMarkers.callSite("dropped"));
      assertThat(lost.get("count")).isEqualTo(LOST);
      assertThat((String[]) lost.get("threads")).containsExactly("main");

      String[] lines = (String[]) server.getAttribute(leases, "Lines");
      assertThat(lines)
          .contains("pool " + POOL + " (hikari): " + HELD + " connections held now, by call site:");
      assertThat(server.invoke(leases, "writeReport", null, null))
          .isEqualTo(reportFile.toString());
      assertThat(ReportJson.read(reportFile).finalReport()).isFalse();
    }
  }

  @Test
  void attachIntoItSaysTheAgentRunsAlreadyAndFails() throws Exception {
    ChildJvm.Result attach = cli("attach", pid, "leakThreshold=1s");

    assertThat(attach.exitCode()).as(attach.describe()).isEqualTo(5);
    assertThat(attach.stderr())
        .startsWith("attach: pool-agent is already running in JVM " + pid + "; its settings stay");
    assertThat(attach.stdout()).doesNotContain("attached");
  }

  @Test
  void theExhaustionExplanationNamesTheConnectionsLostToCollectedLeaks() {
    String err = stderr.toString();
    assertThat(err)
        .contains("[pool-agent] pool " + POOL + " exhausted: a borrow timed out (")
        .contains("total=" + POOL_SIZE + ", active=" + POOL_SIZE)
        .contains("); " + HELD + " connections held now, by call site:")
        .contains(
            "[pool-agent] pool " + POOL + " also lost " + LOST + " connections to leaks: dropped"
                + " without close() and garbage-collected")
        .contains("[pool-agent]   " + LOST + " borrowed at " + LeakMarkers.callSite("dropped"));
  }

  /**
   * Without the agent, {@code leases} says so and loads nothing; {@code attach} then starts it,
   * once: a second attach is refused, and {@code leases} answers from the attached agent.
   */
  @ParameterizedTest(name = "on {0}")
  @EnumSource(Jdk.class)
  void withoutTheAgentLeasesRefusesAndAttachStartsItOnce(Jdk jdk, @TempDir Path other)
      throws Exception {
    Process bare =
        ChildJvm.testApp("--scenario", "no-leak", "--await-stdin").on(jdk).in(other).start();
    StringBuffer bareErr = new StringBuffer();
    collect(bare.getErrorStream(), bareErr);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(bare.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).startsWith("testapp ready pid=");
      String barePid = String.valueOf(bare.pid());

      ChildJvm.Result leases = cli(jdk, "leases", barePid);
      assertThat(leases.exitCode()).as(leases.describe()).isEqualTo(5);
      assertThat(leases.stderr())
          .isEqualTo(
              "leases: pool-agent is not running in JVM " + barePid
                  + "; load it with: java -jar pool-agent.jar attach " + barePid + "\n");

      ChildJvm.Result first = cli(jdk, "attach", barePid, "report=none");
      assertThat(first.exitCode()).as(first.describe()).isZero();
      ChildJvm.Result second = cli(jdk, "attach", barePid, "report=none");
      assertThat(second.exitCode()).as(second.describe()).isEqualTo(5);
      assertThat(second.stderr())
          .startsWith("attach: pool-agent is already running in JVM " + barePid);

      ChildJvm.Result attached = cli(jdk, "leases", barePid);
      assertThat(attached.exitCode()).as(attached.describe()).isZero();
      assertThat(attached.stdout()).startsWith("no connection borrowed yet");
      ChildJvm.Result noReport = cli(jdk, "report", barePid);
      assertThat(noReport.exitCode()).as(noReport.describe()).isEqualTo(5);
      assertThat(noReport.stderr()).contains("report=none");

      try (OutputStream in = bare.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      out.lines().forEach(l -> { });
      assertThat(bare.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(bare.exitValue()).as(bareErr.toString()).isZero();
      // One start only, and not by leases: the attach's line, once.
      assertThat(bareErr.toString().lines().filter(l -> l.contains(" attached: tracking")))
          .as(bareErr.toString())
          .hasSize(1);
      assertThat(bareErr.toString()).doesNotContain("ignoring the second start");
    } finally {
      bare.destroyForcibly();
    }
  }

  private static ChildJvm.Result cli(String... args) throws Exception {
    return cli(Jdk.JDK17, args);
  }

  private static ChildJvm.Result cli(Jdk jdk, String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "-jar";
    command[1] = ChildJvm.AGENT_JAR.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    return ChildJvm.command(command).on(jdk).run();
  }

  private static Object single(Object array) {
    Object[] elements = (Object[]) array;
    assertThat(elements).as(Arrays.deepToString(elements)).hasSize(1);
    return elements[0];
  }

  /** Appends {@code stream}'s lines to {@code into} as they come, on a daemon thread. */
  private static void collect(InputStream stream, StringBuffer into) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  into.append(line).append('\n');
                }
              } catch (IOException e) {
                into.append("<unreadable: ").append(e).append(">\n");
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  private void awaitLine(InputStream stdout, String prefix) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith(prefix)) {
        // Keep draining, or the child blocks on a full pipe.
        collect(stdout, new StringBuffer());
        return;
      }
    }
    throw new AssertionError(
        "the test app ended before '" + prefix + "'; stdout:\n" + seen + "\nstderr:\n" + stderr);
  }
}
