package io.poolagent.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code pool-agent.jar}: self-contained, every class relocated under the agent's
 * own packages (so nothing collides with the app's Byte Buddy, HikariCP or OpenTelemetry), and a
 * manifest that makes it an agent and a command-line tool.
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
}
