package io.poolagent.agent.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader resolves the bridge's package to the bridge on the bootstrap class path:
 * the condition for weaving any class it defines with calls to the bridge. Woven loaders delegate
 * the package ({@link JdbcWeaver}); a loader the agent could not weave (one defined before the
 * agent whose class cannot be retransformed, a hidden class, one in a package the agent never
 * touches) may refuse it, or find a copy of its own. Its classes are then left exactly as they
 * were: a {@code NoClassDefFoundError} inside the application's {@code getConnection} is the one
 * outcome the agent must never cause.
 *
 * <p>Asked once per loader, at weave time, never on the borrow path. The probe is a plain {@code
 * Class.forName} through the loader, made without holding this object's monitor: the loader may
 * take its own lock, and another thread holding that lock may be waiting here.
 */
final class BridgeVisibility {

  private static final String PROBE = JdbcWeaver.BRIDGE_PACKAGE + "PoolAgentBridge";

  private final Map<ClassLoader, Boolean> known = new WeakHashMap<>();
  /** Where the bridge lives: the bootstrap loader (null), but for the weaver's own tests. */
  private final ClassLoader home;
  private volatile Class<?> bridge;

  BridgeVisibility(ClassLoader home) {
    this.home = home;
  }

  boolean visibleFrom(ClassLoader loader) {
    if (loader == home) {
      return true;
    }
    Boolean visible;
    synchronized (known) {
      visible = known.get(loader);
    }
    if (visible == null) {
      visible = probe(loader);
      synchronized (known) {
        known.put(loader, visible);
      }
    }
    return visible;
  }

  private boolean probe(ClassLoader loader) {
    try {
      return Class.forName(PROBE, false, loader) == bridge();
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return false;
    }
  }

  /** The bridge as its home loader has it; by name, so this class never links against it. */
  Class<?> bridge() throws ClassNotFoundException {
    Class<?> found = bridge;
    if (found == null) {
      found = Class.forName(PROBE, false, home);
      bridge = found;
    }
    return found;
  }
}
