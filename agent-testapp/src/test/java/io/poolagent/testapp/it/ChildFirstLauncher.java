package io.poolagent.testapp.it;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the test app the way Tomcat and Spring Boot run a web app: its classes and its JDBC driver
 * come from a child-first class loader that never asks the system class loader for them. Only the
 * platform loader (JDK classes) is its parent. If advice referred to anything but the bootstrap
 * bridge, the instrumented driver and pool classes could not link.
 *
 * <p>Usage: {@code ChildFirstLauncher TESTAPP_JAR testapp-args...}
 */
public final class ChildFirstLauncher {

  private ChildFirstLauncher() {}

  public static void main(String[] args) throws Exception {
    URL jar = Path.of(args[0]).toUri().toURL();
    try (ChildFirstLoader loader = new ChildFirstLoader(new URL[] {jar})) {
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> app = loader.loadClass("io.poolagent.testapp.TestApp");
      // Initialising the driver registers it with DriverManager, as the app server would.
      Class<?> driver = Class.forName("org.h2.Driver", true, loader);
      System.out.println("app loader: " + app.getClassLoader().getName());
      System.out.println("driver loader: " + driver.getClassLoader().getName());
      Method main = app.getMethod("main", String[].class);
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
  }

  /** Looks in its own jar first, then (JDK classes only) in the platform loader. */
  static final class ChildFirstLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    ChildFirstLoader(URL[] urls) {
      super("child-first", urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notOurs) {
            c = super.loadClass(name, false);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
