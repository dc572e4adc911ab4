package com.example.host;

import java.io.File;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM's application: loads {@code com.example.plugin.LeakyPlugin} with its own HikariCP,
 * H2 and SLF4J in an {@link IsolatingLoader} and runs it. With {@code hidden}, the loader's class
 * is defined as a hidden class, which no agent can transform: a loader the agent cannot make see
 * its bridge.
 */
public final class PluginHost {

  private PluginHost() {}

  public static void main(String[] args) throws Throwable {
    boolean hidden = args.length > 0 && args[0].equals("hidden");
    URL[] urls = pluginClassPath();
    ClassLoader loader = hidden ? hiddenLoader(urls) : new IsolatingLoader(urls);
    Object answer =
        Class.forName("com.example.plugin.LeakyPlugin", true, loader).getMethod("run").invoke(null);
    System.out.println(answer);
  }

  /** The plugin's jars and classes, from this JVM's class path. */
  private static URL[] pluginClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.startsWith("h2-")
          || name.startsWith("HikariCP-")
          || name.startsWith("slf4j-api-")
          || name.equals("test-classes")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return urls.toArray(new URL[0]);
  }

  private static ClassLoader hiddenLoader(URL[] urls) throws Throwable {
    byte[] bytes;
    try (InputStream in =
        PluginHost.class.getResourceAsStream("IsolatingLoader.class")) {
      bytes = in.readAllBytes();
    }
    Class<?> type = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
    return (ClassLoader)
        MethodHandles.lookup()
            .findConstructor(type, MethodType.methodType(void.class, URL[].class))
            .invoke(urls);
  }
}
