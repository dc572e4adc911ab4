package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;

/**
 * The name under {@code java:comp/env} that a pool is bound to, for a pool that has no name of its
 * own: Tomcat's {@code <Resource name="jdbc/orders">} is {@code jdbc/orders}. Asked once per pool,
 * at its first borrow, on the borrowing thread, which is the one whose component environment the
 * container resolves {@code java:comp/env} against.
 *
 * <p>The walk has no side effect on the host: {@code list()} gives class names without resolving
 * anything, and only entries listed with the pool's own class are looked up, plus subcontexts
 * (listed with the class of the context that holds them). Tomcat lists a resource it has not
 * created yet as its reference ({@code org.apache.naming.ResourceRef}), so such an entry is never
 * looked up and no other pool is created; it lists a singleton resource it created with the
 * object's class, and a lookup only hands that object back. A resource that is a new object per
 * lookup ({@code singleton="false"}) stays a reference, and could never be this pool anyway. A
 * {@code ResourceLink} to a global resource is a reference too: such a pool keeps a generated
 * name rather than have the agent resolve links.
 *
 * <p>Only loaded when the JVM has JNDI configured ({@link ConnectionSources}), so that an
 * application without it never loads the JDK's naming classes because of the agent: verifying this
 * class loads some.
 */
final class JndiNames {

  private static final String ENV = "java:comp/env";
  /** Bounds the walk in a large environment; a pool is rarely deeper than {@code jdbc/name}. */
  private static final int MAX_DEPTH = 4;

  private static final int MAX_ENTRIES = 500;

  private JndiNames() {}

  /** The pool's name relative to {@code java:comp/env}, e.g. {@code jdbc/orders}; or null. */
  static String of(Object pool) {
    try {
      // Never closed: Tomcat's close() clears the environment of the context bound to the
      // application when that context is writable.
      Object env = new InitialContext().lookup(ENV);
      if (!(env instanceof Context)) {
        return null;
      }
      return find((Context) env, "", pool, 0, new int[] {0});
    } catch (NamingException e) {
      // No component environment on this thread: not in a container, or not on an application's
      // thread. The pool gets a generated name.
      AgentLog.debug("no JNDI name for " + pool.getClass().getName() + ": " + e);
      return null;
    } catch (RuntimeException | LinkageError e) {
      AgentLog.debug("could not look for the JNDI name of " + pool.getClass().getName() + ": " + e);
      return null;
    }
  }

  private static String find(Context context, String prefix, Object pool, int depth, int[] seen)
      throws NamingException {
    String poolClass = pool.getClass().getName();
    String contextClass = context.getClass().getName();
    NamingEnumeration<NameClassPair> entries = context.list("");
    try {
      while (entries.hasMore() && seen[0]++ < MAX_ENTRIES) {
        NameClassPair entry = entries.next();
        String name = entry.getName();
        if (poolClass.equals(entry.getClassName())) {
          if (context.lookup(name) == pool) {
            return prefix + name;
          }
        } else if (contextClass.equals(entry.getClassName()) && depth < MAX_DEPTH) {
          // A subcontext (jdbc/) is listed with the class of the context that holds it.
          Object child = context.lookup(name);
          if (child instanceof Context) {
            String found = find((Context) child, prefix + name + "/", pool, depth + 1, seen);
            if (found != null) {
              return found;
            }
          }
        }
      }
      return null;
    } finally {
      entries.close();
    }
  }
}
