package io.poolagent.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code pool-agent.jar}: self-contained, every class relocated under the agent's
 * own packages (so nothing collides with the app's Byte Buddy, HikariCP or OpenTelemetry), a
 * manifest that makes it an agent and a command-line tool, and a start that leaves {@code
 * DriverManager} for the application to load.
 */
class AgentJarIT {

  private static final Path JAR = Path.of(System.getProperty("poolagent.agentJar"));

  @Test
  void everyClassIsInTheAgentsOwnPackages() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> classes =
          jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();

      assertThat(classes).hasSizeGreaterThan(100);
      assertThat(classes).allSatisfy(name -> assertThat(name).startsWith("io/poolagent/"));
      assertThat(classes)
          .as("ASM is relocated")
          .anyMatch(n -> n.startsWith("io/poolagent/shaded/org/objectweb/asm/tree/"));
      assertThat(classes)
          .as("Byte Buddy's attach support (the command line's) is relocated")
          .anyMatch(n -> n.startsWith("io/poolagent/shaded/net/bytebuddy/agent/"));
    }
  }

  @Test
  void theBridgeIsANestedJarNotClassesTheSystemLoaderCouldDefine() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getEntry("io/poolagent/agent/bootstrap/bridge.jar")).isNotNull();
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(n -> n.startsWith("io/poolagent/bootstrap/"));
    }
  }

  @Test
  void manifestMakesItAnAgentAndATool() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Manifest manifest = jar.getManifest();
      Attributes main = manifest.getMainAttributes();

      assertThat(main.getValue("Premain-Class")).isEqualTo(PoolAgent.class.getName());
      assertThat(main.getValue("Agent-Class")).isEqualTo(PoolAgent.class.getName());
      assertThat(main.getValue("Main-Class")).isEqualTo("io.poolagent.agent.cli.PoolAgentCli");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(main.getValue("Implementation-Version"))
          .isEqualTo(System.getProperty("poolagent.version"))
          .doesNotContain("${");
    }
  }

  /**
   * The agent's own start must not load {@code DriverManager}: a class loaded before the
   * transformer is registered has to be retransformed, a VM operation that cost 5 ms of the
   * agent's start (docs/benchmarks.md), where weaving it as the application loads it costs
   * nothing extra.
   */
  @Test
  void driverManagerIsWovenAsTheApplicationLoadsItNotRetransformed() throws Exception {
    ProcessBuilder java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + JAR + "=report=none,logLevel=debug",
                "-cp",
                System.getProperty("java.class.path"),
                LoadsDriverManager.class.getName())
            .redirectErrorStream(true);
    java.environment().put("OTEL_SDK_DISABLED", "true");
    Process child = java.start();
    child.getOutputStream().close();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();

    assertThat(output)
        .contains("instrumented java.sql.DriverManager\n")
        .doesNotContain("instrumented java.sql.DriverManager (retransformed)");
  }

  /** The child's application: its first use of JDBC. */
  public static final class LoadsDriverManager {
    public static void main(String[] args) {
      System.out.println("drivers: " + DriverManager.drivers().count());
    }
  }
}
