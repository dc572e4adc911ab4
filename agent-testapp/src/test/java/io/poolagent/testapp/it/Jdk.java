package io.poolagent.testapp.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDKs the agent is tested on: the build's own (17) and Temurin 25. */
enum Jdk {
  JDK17,
  JDK25;

  /** The {@code java} launcher; fails with a clear message when the JDK is not installed. */
  Path java() {
    Path home =
        this == JDK17
            ? Path.of(System.getProperty("java.home"))
            : Path.of(System.getProperty("poolagent.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    Path java = home.resolve("bin/java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException(
          this
              + " not found at "
              + home
              + ": the tests run the agent on Java 17 and Java 25; install Temurin 25 or pass"
              + " -Djdk25.home=/path/to/jdk-25 to Maven");
    }
    return java;
  }
}
