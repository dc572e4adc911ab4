package com.example.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * A plugin loader that resolves everything but the JDK itself, from its own jars, like HikariCP's
 * test {@code FauxWebClassLoader} or a web-app loader that loads its own classes first: it never
 * asks its parent, so it cannot find a package on the bootstrap class path but the JDK's.
 *
 * <p>No nested class, lambda or string concatenation: the safety-net test defines this class as a
 * hidden class, which cannot name itself in its constant pool beyond {@code this}.
 */
public class IsolatingLoader extends ClassLoader {

  private final URLClassLoader jars;

  public IsolatingLoader(URL[] urls) {
    super(null);
    this.jars = new URLClassLoader(urls, null);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isJdk(name)) {
      return ClassLoader.getPlatformClassLoader().loadClass(name);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded != null) {
        return loaded;
      }
      String resource = name.replace('.', '/').concat(".class");
      try (InputStream in = jars.getResourceAsStream(resource)) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }

  @Override
  public URL getResource(String name) {
    return jars.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return jars.getResources(name);
  }

  private static boolean isJdk(String name) {
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun.")
        || name.startsWith("org.w3c.")
        || name.startsWith("org.xml.");
  }
}
