package io.poolagent.runtimes.payara;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Payara's own JDBC connector classes, taken from the payara-micro jar the build fetched: it
 * nests its libraries ({@code MICRO-INF/runtime/*.jar}), and the connector's classes sit one level
 * deeper still, in the jar of the {@code __ds_jdbc_ra} resource adapter archive.
 */
final class PayaraJars {

  private static final String RUNTIME = "MICRO-INF/runtime/";
  /**
   * What {@code com.sun.gjc.spi.jdbc40.DataSource40} and its factory need: the rest comes through
   * their manifests' {@code Class-Path}, which names sibling jars, extracted alongside them.
   */
  private static final List<String> LIBRARIES =
      List.of("jakarta.resource-api.jar", "connectors-internal-api.jar");

  private static final String ADAPTER = "__ds_jdbc_ra.rar";
  private static final String ADAPTER_JAR =
      "lib/install/applications/__ds_jdbc_ra/__ds_jdbc_ra.jar";

  private PayaraJars() {}

  /** A class loader over the connector's jars, as Payara's own loaders would see them. */
  static URLClassLoader connector() throws IOException {
    Path micro = Path.of(System.getProperty("poolagent.payaraMicro"));
    Path dir = Path.of(System.getProperty("poolagent.target"), "payara-connector");
    Files.createDirectories(dir);
    List<URL> urls = new ArrayList<>();
    try (ZipFile jar = new ZipFile(micro.toFile())) {
      Deque<String> pending = new ArrayDeque<>(LIBRARIES);
      Set<String> extracted = new HashSet<>();
      while (!pending.isEmpty()) {
        String library = pending.pop();
        if (extracted.add(library) && jar.getEntry(RUNTIME + library) != null) {
          Path file = dir.resolve(library);
          extract(jar, RUNTIME + library, file);
          pending.addAll(classPath(file));
        }
      }
      for (String library : LIBRARIES) {
        urls.add(dir.resolve(library).toUri().toURL());
      }
      ZipEntry rar = entry(jar, RUNTIME + ADAPTER);
      try (ZipInputStream adapter = new ZipInputStream(jar.getInputStream(rar))) {
        urls.add(extractNested(adapter, ADAPTER_JAR, dir.resolve("__ds_jdbc_ra.jar")));
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  private static void extract(ZipFile jar, String name, Path to) throws IOException {
    try (InputStream in = jar.getInputStream(entry(jar, name))) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The sibling jars a jar's manifest names. */
  private static List<String> classPath(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      return classPath == null ? List.of() : List.of(classPath.trim().split("\\s+"));
    }
  }

  private static URL extractNested(ZipInputStream archive, String name, Path to)
      throws IOException {
    for (ZipEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
      if (e.getName().equals(name)) {
        Files.copy(archive, to, StandardCopyOption.REPLACE_EXISTING);
        return to.toUri().toURL();
      }
    }
    throw new AssertionError("no " + name + " in " + ADAPTER);
  }

  private static ZipEntry entry(ZipFile jar, String name) {
    ZipEntry entry = jar.getEntry(name);
    if (entry == null) {
      throw new AssertionError("no " + name + " in " + jar.getName());
    }
    return entry;
  }
}
