package io.poolagent.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the bridge (module {@code agent-bootstrap}) on the bootstrap class path, where every class
 * loader finds it, whatever its delegation: Spring Boot's, Tomcat's child-first webapp loader, the
 * platform loader of {@code java.sql}. The bridge travels inside the agent jar as a nested jar, not
 * as classes, so that the system class loader can never define a second copy of it.
 */
final class BootstrapBridge {

  private static final String NESTED_JAR = "bootstrap/bridge.jar";
  /** {@link #NESTED_JAR} as a jar entry: resolved against this class's package. */
  private static final String ENTRY = "io/poolagent/agent/" + NESTED_JAR;
  static final String BRIDGE_CLASS = "io.poolagent.bootstrap.PoolAgentBridge";

  private BootstrapBridge() {}

  static void install(Instrumentation inst) throws IOException {
    if (onBootstrapPath()) {
      return;
    }
    File jar = newFile(nestedJar());
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    if (!onBootstrapPath()) {
      throw new IOException("the bridge is not visible on the bootstrap class path");
    }
  }

  /**
   * The bridge's bytes, read straight from the agent's jar where it is a file. The class loader's
   * resource lookup would do too, but through a {@code jar:} URL connection: some forty JDK
   * classes, on the path of every JVM's start, to read one entry of a jar the loader has open.
   */
  private static byte[] nestedJar() throws IOException {
    File agentJar = agentJar();
    if (agentJar != null) {
      try (JarFile agent = new JarFile(agentJar, false)) {
        JarEntry entry = agent.getJarEntry(ENTRY);
        if (entry != null) {
          try (InputStream in = agent.getInputStream(entry)) {
            return in.readAllBytes();
          }
        }
      }
    }
    try (InputStream in = BootstrapBridge.class.getResourceAsStream(NESTED_JAR)) {
      if (in == null) {
        throw new IOException("the agent jar has no " + NESTED_JAR + "; it was not built by Maven");
      }
      return in.readAllBytes();
    }
  }

  /** The agent's jar as a file; null where its loader says otherwise (JBoss Modules, a test). */
  private static File agentJar() {
    CodeSource source = BootstrapBridge.class.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null
        || !"file".equals(location.getProtocol())
        || !location.getPath().endsWith(".jar")) {
      return null;
    }
    try {
      return new File(location.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Writes the bridge to a new file in the temporary directory. Not {@code File.createTempFile}:
   * its random name seeds a {@code SecureRandom}, a fifth of the agent's start. The name needs no
   * secrecy: the file is created exclusively (O_EXCL, which also refuses a planted symbolic link),
   * so a name someone else took is skipped, and no other user can replace it once it is ours.
   */
  private static File newFile(byte[] bridge) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    // Not the pid: ProcessHandle starts the JDK's process reaper machinery, for nothing here.
    String prefix = "pool-agent-bridge-";
    for (int attempt = 0; ; attempt++) {
      Path path = dir.resolve(prefix + Long.toHexString(System.nanoTime()) + ".jar");
      try (OutputStream out =
          Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bridge);
      } catch (FileAlreadyExistsException e) {
        if (attempt < 16) {
          continue;
        }
        throw e;
      }
      File file = path.toFile();
      file.deleteOnExit();
      return file;
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
