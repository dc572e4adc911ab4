package io.poolagent.lease;

import io.poolagent.config.CallSiteSkip;

/**
 * Which stack frames belong to whom. A leak's call site is the first frame, from the top of the
 * borrow stack, that is not {@link #isInfrastructure infrastructure}: the application's line, the
 * one an engineer has to fix, whatever its package.
 *
 * <p>The rule, in order ({@link CallSitePackages} holds the lists):
 *
 * <ol>
 *   <li>The agent's own frames and generated proxies are never a call site.
 *   <li>The {@code callSiteSkip} setting: the user's entry with the longest matching prefix
 *       decides, {@code +} never a call site, {@code -} the application.
 *   <li>Hosts (the JDK, servlet containers, application servers, OSGi frameworks, test runners,
 *       Spring's web dispatch, launchers) are never a call site, whatever a class is named.
 *   <li>Data access (drivers, pools, JCA wrappers, Spring's modules, ORMs, proxies) is never a call
 *       site, except a class named like a test ({@link #isNamedLikeTest}): vendors keep their own
 *       tests in their packages, as HikariCP does {@code com.zaxxer.hikari.pool.TestConnections}.
 *   <li>Anything else is the application.
 * </ol>
 *
 * <p>A stack with no application frame has the call site {@code unknown}, never a host's frame.
 * Classification runs when a call site is read (a leak, an exhausted pool) and when the weaver
 * decides which calls to mark; never on a borrow.
 */
public final class Frames {

  /**
   * Packages of connection pools, the agent's managed pool included: a physical connect made on a
   * stack that passes through one of these is the pool filling itself, not an application borrow.
   */
  private static final String[] POOL = {
    "com.zaxxer.hikari.", "org.apache.commons.dbcp2.", "org.apache.commons.pool2.",
    "org.apache.tomcat.dbcp.", "org.apache.tomcat.jdbc.pool.", "com.mchange.v2.", "io.agroal.",
    "org.vibur.dbcp.", "org.vibur.objectpool.", "oracle.ucp.", "com.alibaba.druid.pool.",
    "org.postgresql.ds.PGPooling", "com.ibm.ws.rsadapter.", "com.ibm.ejs.j2c.", "com.sun.gjc.",
    "com.sun.enterprise.resource.", "com.sun.enterprise.connectors.", "org.jboss.jca.",
    "io.poolagent.pool.", "io.poolagent.shaded.com.zaxxer.hikari."
  };

  /**
   * The agent's own frames, dropped from the top of every captured stack; the managed pool's
   * included, so that a managed lease's stack starts where the application's call entered.
   */
  private static final String[] DROPPED = {
    "io.poolagent.agent.", "io.poolagent.bootstrap.", "io.poolagent.lease.", "io.poolagent.otel.",
    "io.poolagent.pool."
  };

  private static final StackWalker WALKER = StackWalker.getInstance();

  /** Set once at start, before any class is woven; read on every classification. */
  private static volatile CallSiteSkip callSiteSkip = CallSiteSkip.NONE;

  private Frames() {}

  /**
   * Whether the current thread runs inside a connection pool's code: a pool filling itself, whose
   * physical connect is no lease and must not be pooled again. The agent's own frames are skipped:
   * they are on the stack of every borrow it handles (its managed pool's connects are recognised
   * by their thread, {@code PoolThread}, before any walk). A stack walk: for first borrows and
   * physical connects only, never for a pooled borrow.
   */
  public static boolean poolOnStack() {
    return WALKER.walk(
        frames ->
            frames
                .map(StackWalker.StackFrame::getClassName)
                .anyMatch(name -> !name.startsWith("io.poolagent.") && isPool(name)));
  }

  /**
   * The user's {@code callSiteSkip} entries. Set at start before instrumentation is installed: the
   * weaver's call-site marks must follow the same rule as the call sites read from stacks.
   */
  public static void setCallSiteSkip(CallSiteSkip skip) {
    callSiteSkip = skip;
  }

  /** Whether a frame of {@code className} is never a call site (see the rule above). */
  public static boolean isInfrastructure(String className) {
    if (startsWithAny(className, CallSitePackages.AGENT) || isGenerated(className)) {
      return true;
    }
    switch (callSiteSkip.match(className)) {
      case SKIP:
        return true;
      case KEEP:
        return false;
      default:
        break;
    }
    if (startsWithAny(className, CallSitePackages.HOST)) {
      return true;
    }
    return startsWithAny(className, CallSitePackages.DATA_ACCESS) && !isNamedLikeTest(className);
  }

  /** A pool's own code; its tests, named like tests, are not (they may call a driver directly). */
  public static boolean isPool(String className) {
    return startsWithAny(className, POOL) && !isNamedLikeTest(className);
  }

  public static boolean isAgent(String className) {
    return startsWithAny(className, DROPPED);
  }

  /**
   * Whether the top-level class of {@code className} is named like a test: {@code Test},
   * {@code Test*} (the next letter upper case: {@code TestConnections}, not {@code
   * Testcontainers}), {@code *Test}, {@code *Tests}, {@code *TestCase}, or {@code *IT} (after a
   * lower-case letter or digit: {@code PoolIT}, not {@code LIMIT}); trailing digits aside ({@code
   * SaturatedPoolTest830}).
   */
  static boolean isNamedLikeTest(String className) {
    int start = className.lastIndexOf('.') + 1;
    int end = className.indexOf('$', start);
    if (end < 0) {
      end = className.length();
    }
    while (end > start && isDigit(className.charAt(end - 1))) {
      end--;
    }
    if (className.startsWith("Test", start)
        && (start + 4 == end || Character.isUpperCase(className.charAt(start + 4)))) {
      return true;
    }
    if (endsWith(className, start, end, "Test")
        || endsWith(className, start, end, "Tests")
        || endsWith(className, start, end, "TestCase")) {
      return true;
    }
    if (end - start < 3 || !endsWith(className, start, end, "IT")) {
      return false;
    }
    char before = className.charAt(end - 3);
    return Character.isLowerCase(before) || isDigit(before);
  }

  private static boolean endsWith(String name, int start, int end, String suffix) {
    return end - start >= suffix.length()
        && name.regionMatches(end - suffix.length(), suffix, 0, suffix.length());
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** CGLIB, Byte Buddy and JDK proxies wrap application classes; the real method is deeper. */
  private static boolean isGenerated(String className) {
    return className.contains("$$")
        || className.contains("$Proxy")
        || className.contains("$HibernateProxy")
        // Quarkus' ArC generates its proxies and interceptor subclasses in the application's
        // own packages, beside the bean they wrap.
        || className.endsWith("_ClientProxy")
        || className.endsWith("_Subclass");
  }

  /**
   * Prefix match on the class name; an entry ending in {@code .*} matches the classes of that
   * package only, not of its sub-packages.
   */
  private static boolean startsWithAny(String className, String[] prefixes) {
    for (String prefix : prefixes) {
      int length = prefix.length();
      if (prefix.charAt(length - 1) == '*') {
        if (className.regionMatches(0, prefix, 0, length - 1)
            && className.indexOf('.', length - 1) < 0) {
          return true;
        }
      } else if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
