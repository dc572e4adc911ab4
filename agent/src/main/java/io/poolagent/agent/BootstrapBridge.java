package io.poolagent.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Puts the bridge (module {@code agent-bootstrap}) on the bootstrap class path, where every class
 * loader finds it, whatever its delegation: Spring Boot's, Tomcat's child-first webapp loader, the
 * platform loader of {@code java.sql}. The bridge travels inside the agent jar as a nested jar, not
 * as classes, so that the system class loader can never define a second copy of it.
 */
final class BootstrapBridge {

  private static final String NESTED_JAR = "bootstrap/bridge.jar";
  static final String BRIDGE_CLASS = "io.poolagent.bootstrap.PoolAgentBridge";

  private BootstrapBridge() {}

  static void install(Instrumentation inst) throws IOException {
    if (onBootstrapPath()) {
      return;
    }
    File jar = File.createTempFile("pool-agent-bridge-", ".jar");
    jar.deleteOnExit();
    try (InputStream in = BootstrapBridge.class.getResourceAsStream(NESTED_JAR)) {
      if (in == null) {
        throw new IOException("the agent jar has no " + NESTED_JAR + "; it was not built by Maven");
      }
      Files.copy(in, jar.toPath(), StandardCopyOption.REPLACE_EXISTING);
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    if (!onBootstrapPath()) {
      throw new IOException("the bridge is not visible on the bootstrap class path");
    }
  }

  private static boolean onBootstrapPath() {
    try {
      Class.forName(BRIDGE_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
