package io.poolagent.lease;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A piece of application code, for the tests that check call sites.
 *
 * <p>The tests live in {@code io.poolagent.lease}, which the agent treats as its own package: its
 * frames are dropped from the top of every borrow stack ({@link Frames#isAgent}) and are never a
 * call site. A borrow made straight from a test method therefore has no call site ({@code
 * unknown}: the JUnit frames under it are a test runner's, never a call site either). So that a
 * call site can be checked exactly, this compiles one small class in an application package
 * ({@code com.example.shop}) when first used; a borrow made through it has that class's line as
 * its call site, as a borrow from a real service would.
 */
final class AppCode {

  /** Where {@link #run} borrows, in the form the report gives call sites. */
  static final String CALL_SITE = "com.example.shop.Checkout.accept(Checkout.java:6)";

  private static final String SOURCE =
      String.join(
          "\n",
          "package com.example.shop;",
          "",
          "public class Checkout implements java.util.function.Consumer<Runnable> {",
          "  @Override",
          "  public void accept(Runnable borrow) {",
          "    borrow.run();",
          "  }",
          "}",
          "");

  private static Consumer<Runnable> checkout;

  private AppCode() {}

  /** Runs {@code borrow} from {@link #CALL_SITE}, on the calling thread. */
  static void run(Runnable borrow) {
    checkout().accept(borrow);
  }

  @SuppressWarnings("unchecked")
  private static synchronized Consumer<Runnable> checkout() {
    if (checkout == null) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("pool-agent-appcode");
        Path source = dir.resolve("com/example/shop/Checkout.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        compile(dir, source);
        URLClassLoader loader =
            new URLClassLoader(new URL[] {dir.toUri().toURL()}, AppCode.class.getClassLoader());
        Class<?> type = Class.forName("com.example.shop.Checkout", true, loader);
        checkout = (Consumer<Runnable>) type.getDeclaredConstructor().newInstance();
      } catch (IOException | ReflectiveOperationException e) {
        throw new IllegalStateException("could not build the application class", e);
      } finally {
        delete(dir);
      }
    }
    return checkout;
  }

  private static void compile(Path outputDir, Path source) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("these tests need a JDK (javax.tools), not a JRE");
    }
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      boolean ok =
          javac
              .getTask(
                  diagnostics,
                  files,
                  null,
                  List.of("-d", outputDir.toString()),
                  null,
                  files.getJavaFileObjects(source))
              .call();
      if (!ok) {
        throw new IllegalStateException("could not compile Checkout.java: " + diagnostics);
      }
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
