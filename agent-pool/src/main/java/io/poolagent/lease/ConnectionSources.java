package io.poolagent.lease;

import io.poolagent.log.AgentLog;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Finds the {@link ConnectionSource} of a borrow. The fast path, taken by every borrow from a
 * pool, scans a small copy-on-write array by identity: no lock, no allocation, no call into the
 * DataSource. Naming a source (reflection on the pool's own configuration) happens once, on the
 * slow path.
 *
 * <p>Non-pooling DataSources are grouped by class and URL rather than by instance, so an
 * application that creates a DataSource per request still shows as one source.
 */
public final class ConnectionSources {

  /** Enough for any real application; past it, extra instances are looked up by name each time. */
  private static final int MAX_CACHED_INSTANCES = 64;

  private record Instance(WeakReference<Object> source, ConnectionSource stats) {}

  private volatile Instance[] instances = new Instance[0];
  private final ReentrantLock instancesLock = new ReentrantLock();
  private final Map<String, ConnectionSource> byKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> namesInUse = new ConcurrentHashMap<>();
  /** Per vendor, how many unnamed pools were seen: the {@code n} of {@code dbcp2-n}. */
  private final Map<String, AtomicInteger> unnamedPools = new ConcurrentHashMap<>();

  /** Told of each pool when it is first seen; set once at start, before any borrow. */
  private volatile Consumer<ConnectionSource> onNewPool;

  /**
   * Tells {@code hook} of each pool the first time it is seen, on the borrowing thread, outside
   * any lock: e.g. to read its configured maximum through its API while it is certainly started.
   */
  public void onNewPool(Consumer<ConnectionSource> hook) {
    this.onNewPool = hook;
  }

  /** The source for a DataSource instance, or for a {@code DriverManager} URL given as a String. */
  public ConnectionSource of(Object source) {
    if (source instanceof String) {
      return forDriverManager((String) source);
    }
    ConnectionSource cached = cached(source);
    return cached != null ? cached : register(source);
  }

  /** The source of a DataSource instance seen before, or null: never registers, never names. */
  public ConnectionSource cached(Object source) {
    for (Instance instance : instances) {
      if (instance.source().get() == source) {
        return instance.stats();
      }
    }
    return null;
  }

  public Collection<ConnectionSource> all() {
    return byKey.values();
  }

  private ConnectionSource forDriverManager(String url) {
    String name = describe(url);
    return byKey.computeIfAbsent(
        "drivermanager:" + name,
        key -> new ConnectionSource(name, "drivermanager", SourceKind.DRIVER_MANAGER));
  }

  /** The source of a managed pool; {@code name} is made unique if needed. */
  public ConnectionSource managed(String name) {
    ConnectionSource stats = new ConnectionSource(uniqueName(name), "managed", SourceKind.POOL);
    byKey.put("managed:" + stats.name(), stats);
    return stats;
  }

  /**
   * How a source that does not pool is named in the report: its class and redacted URL, or
   * {@code DriverManager(url)} for a URL.
   */
  public static String describe(Object source) {
    if (source instanceof String) {
      return "DriverManager(" + JdbcUrls.redact((String) source) + ")";
    }
    return source.getClass().getSimpleName() + "(" + JdbcUrls.redact(urlOf(source)) + ")";
  }

  private ConnectionSource register(Object source) {
    Class<?> type = source.getClass();
    SourceKind kind = SourceClassifier.kind(type);
    String vendor = SourceClassifier.vendor(type);
    ConnectionSource stats;
    if (kind == SourceKind.POOL) {
      String key = "pool:" + PoolNames.poolKey(source, vendor);
      stats = byKey.get(key);
      if (stats == null) {
        // Named outside computeIfAbsent: naming calls into the host (the pool's getters, its
        // JNDI), which must never run under the map's lock.
        String configured = PoolNames.configured(source, vendor);
        String bound = configured == null ? jndiName(source) : null;
        ConnectionSource[] created = {null};
        stats =
            byKey.computeIfAbsent(
                key,
                k -> {
                  String own = configured != null ? configured : bound;
                  String name = own != null ? own : unnamed(vendor);
                  created[0] =
                      new ConnectionSource(uniqueName(name), vendor, kind, source, configured);
                  return created[0];
                });
        if (created[0] != null) {
          tellNewPool(created[0]);
        }
      }
    } else {
      String name = describe(source);
      stats =
          byKey.computeIfAbsent(
              kind + ":" + type.getName() + ":" + name, k -> new ConnectionSource(name, vendor, kind));
    }
    cache(source, stats);
    return stats;
  }

  private void tellNewPool(ConnectionSource pool) {
    Consumer<ConnectionSource> hook = onNewPool;
    if (hook != null) {
      try {
        hook.accept(pool);
      } catch (RuntimeException | LinkageError e) {
        // What the hook learns is extra (the pool's maximum); the borrow goes on regardless.
        AgentLog.debug("new pool " + pool.name() + ": " + e);
      }
    }
  }

  private void cache(Object source, ConnectionSource stats) {
    instancesLock.lock();
    try {
      List<Instance> live = new ArrayList<>();
      for (Instance instance : instances) {
        if (instance.source().get() != null) {
          live.add(instance);
        }
      }
      if (live.size() < MAX_CACHED_INSTANCES) {
        live.add(new Instance(new WeakReference<>(source), stats));
      }
      instances = live.toArray(new Instance[0]);
    } finally {
      instancesLock.unlock();
    }
  }

  /**
   * The name a pool without one of its own is bound to in the application's JNDI environment
   * ({@code jdbc/orders}); or null. Not the pool's own name: it reports no measurement under it.
   */
  private static String jndiName(Object pool) {
    return jndiConfigured() ? JndiNames.of(pool) : null;
  }

  /**
   * Whether the JVM has an initial context factory or URL context packages set, as a container
   * with a component environment (Tomcat, Jetty, an application server) does at start. Checked
   * here, before {@link JndiNames} is loaded: an application without JNDI loads no naming class
   * because of the agent.
   */
  private static boolean jndiConfigured() {
    return System.getProperty("java.naming.factory.initial") != null
        || System.getProperty("java.naming.factory.url.pkgs") != null;
  }

  /**
   * The name of a pool that has none of its own nor a JNDI name: {@code <vendor>-<n>}, n counted
   * per vendor in the order the pools are first seen; stable from run to run, unlike the hash
   * codes some pools make their default names of.
   */
  private String unnamed(String vendor) {
    return vendor + "-" + unnamedPools.computeIfAbsent(vendor, v -> new AtomicInteger()).incrementAndGet();
  }

  /** The URL a DataSource is configured with, read through its getter; or null. */
  public static String urlOf(Object source) {
    for (String getter : new String[] {"getURL", "getUrl", "getJdbcUrl"}) {
      Object url = PoolNames.get(source, getter);
      if (url instanceof String) {
        return (String) url;
      }
    }
    return null;
  }

  /** Names are unique in the JVM: a second pool that calls itself the same gets {@code #2}. */
  private String uniqueName(String name) {
    int n = namesInUse.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    return n == 1 ? name : name + "#" + n;
  }
}
