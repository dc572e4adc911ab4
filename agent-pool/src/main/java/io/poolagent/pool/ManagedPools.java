package io.poolagent.pool;

import io.poolagent.config.ManagedPoolSettings;
import io.poolagent.lease.ConnectionSource;
import io.poolagent.lease.ConnectionSources;
import io.poolagent.lease.Frames;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.lease.SourceClassifier;
import io.poolagent.lease.SourceKind;
import io.poolagent.log.AgentLog;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@code mode=manage}: decides which borrows go to a managed pool, and keeps the pools.
 *
 * <p>Routed: {@code getConnection} of a DataSource known not to pool (a driver's own, Spring's
 * {@code DriverManagerDataSource} and {@code SimpleDriverDataSource}...) and {@code
 * DriverManager.getConnection}. One pool per DataSource class, URL and user (per instance when the
 * URL cannot be read), and per {@code DriverManager} URL and user. Never routed: known pools and
 * unknown DataSources (they may pool), a pool's own physical connects (a HikariCP of the
 * application's over a driver DataSource), and the managed pools' own connects.
 *
 * <p>Each DataSource instance and URL is decided once, on its first borrow, which is also when a
 * pool's physical connect is told from an application borrow by the stack; the decision is cached
 * in a small copy-on-write array, so a routed borrow costs a scan by identity: no lock, no
 * allocation, no stack walk.
 */
public final class ManagedPools {

  /** Past this many pools, new sources are left unrouted (and said so once). */
  static final int MAX_POOLS = 32;

  /** Decisions cached per instance or URL; past it, the slow path decides each borrow again. */
  private static final int MAX_ROUTES = 64;

  private static final String SINGLE_CONNECTION =
      "org.springframework.jdbc.datasource.SingleConnectionDataSource";

  /**
   * One decision: for a DataSource instance (weakly: never keeps it alive) or a {@code
   * DriverManager} URL, and a user; {@code pool} null means not routed.
   */
  private record Route(WeakReference<Object> dataSource, String url, String user, ManagedPool pool) {

    boolean matches(Object source, String url, String user) {
      return (url == null ? dataSource != null && dataSource.get() == source : url.equals(this.url))
          && Objects.equals(user, this.user);
    }

    boolean live() {
      return dataSource == null || dataSource.get() != null;
    }
  }

  private final LeaseTracker tracker;
  private final ManagedPoolSettings settings;
  private final DriverManagerConnector connector;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ManagedPool> pools = new ConcurrentHashMap<>();
  private volatile Route[] routes = new Route[0];
  private boolean fullSaid;

  public ManagedPools(
      LeaseTracker tracker, ManagedPoolSettings settings, DriverManagerConnector connector) {
    this.tracker = tracker;
    this.settings = settings;
    this.connector = connector;
  }

  /**
   * A borrow, maybe served by a managed pool.
   *
   * @param source the DataSource, or the URL (a String) for {@code DriverManager}
   * @param info {@code DriverManager}'s properties, or null
   * @param user the user given to {@code getConnection}, or null
   * @param password the password given to {@code getConnection}, or null
   * @param site the call site the weaver marked for this borrow, or 0; the lease keeps it for its
   *     stack
   * @return a connection of a managed pool, its lease started; or null: borrow as written
   * @throws SQLException the pool's: no connection within {@code pool.connectionTimeout}, or the
   *     first physical connect of a new pool failed (the driver's own exception)
   */
  public Connection route(Object source, Properties info, String user, String password, int site)
      throws SQLException {
    if (PoolThread.isCurrent()) {
      return null;
    }
    String url = source instanceof String ? (String) source : null;
    String routeUser = url != null && user == null && info != null ? info.getProperty("user") : user;
    for (Route route : routes) {
      if (route.matches(source, url, routeUser)) {
        // The clock is read only for a borrow the pool serves: the application's own pools pass
        // through here on every borrow too.
        return route.pool() == null ? null : route.pool().borrow(System.nanoTime(), site);
      }
    }
    long start = System.nanoTime();
    ManagedPool pool = decide(source, url, info, routeUser, password);
    return pool == null ? null : pool.borrow(start, site);
  }

  /** Every managed pool, for exporters. */
  public Collection<ManagedPool> pools() {
    return pools.values();
  }

  /** Closes every pool: their physical connections end. */
  public void closeAll() {
    for (ManagedPool pool : pools.values()) {
      pool.close();
    }
    pools.clear();
    routes = new Route[0];
  }

  /** The slow path, once per DataSource instance or URL and user. */
  private ManagedPool decide(
      Object source, String url, Properties info, String user, String password)
      throws SQLException {
    // Before the lock: the stack is the caller's, and walking it needs no shared state.
    boolean routable = routable(source) && !Frames.poolOnStack();
    lock.lock();
    try {
      for (Route route : routes) {
        if (route.matches(source, url, user)) {
          return route.pool();
        }
      }
      ManagedPool pool = routable ? poolFor(source, url, info, user, password) : null;
      remember(new Route(url == null ? new WeakReference<>(source) : null, url, user, pool));
      return pool;
    } finally {
      lock.unlock();
    }
  }

  private static boolean routable(Object source) {
    if (source instanceof String) {
      return true;
    }
    Class<?> type = source.getClass();
    return source instanceof DataSource
        && SourceClassifier.kind(type) == SourceKind.NON_POOLING
        && !isA(type, SINGLE_CONNECTION);
  }

  private ManagedPool poolFor(
      Object source, String url, Properties info, String user, String password)
      throws SQLException {
    String described = ConnectionSources.describe(source);
    String dataSourceUrl = url == null ? ConnectionSources.urlOf(source) : null;
    String key =
        url != null
            ? "drivermanager|" + url + "|" + user
            : source.getClass().getName()
                + "|"
                + (dataSourceUrl != null ? dataSourceUrl : "@" + System.identityHashCode(source))
                + "|"
                + user;
    ManagedPool existing = pools.get(key);
    if (existing != null) {
      return existing;
    }
    if (pools.size() >= MAX_POOLS) {
      if (!fullSaid) {
        fullSaid = true;
        AgentLog.warn(
            "mode=manage: "
                + MAX_POOLS
                + " managed pools already; "
                + described
                + " and any further sources are not pooled");
      }
      return null;
    }
    String name = "managed(" + described + ")";
    PhysicalDataSource connects =
        url != null
            ? PhysicalDataSource.of(connector, url, credentials(info, user, password), callerLoader())
            : PhysicalDataSource.of((DataSource) source, user, password);
    // The source is registered by the start, once its first connect succeeded: a start that fails
    // (a wrong password) leaves nothing in the report, and the pool that starts once the settings
    // are fixed is reported under its own name, not as "#2".
    ManagedPool pool =
        startOnPoolThread(
            name,
            () -> {
              ConnectionSource stats = tracker.sources().managed(name);
              // The sizing advice compares the observed load with this bound.
              stats.setConfiguredMaxSize(settings::maxSize);
              return stats;
            },
            connects);
    ConnectionSource stats = pool.source();
    stats.attachPool(pool);
    pools.put(key, pool);
    AgentLog.info(
        "mode=manage: pooling "
            + described
            + " as "
            + stats.name()
            + " (at most "
            + settings.maxSize()
            + " connections)");
    return pool;
  }

  /** What {@code DriverManager.getConnection(url, user, password)} makes of its arguments. */
  private static Properties credentials(Properties info, String user, String password) {
    Properties props = new Properties();
    if (info != null) {
      props.putAll(info);
    }
    if (user != null) {
      props.put("user", user);
    }
    if (password != null) {
      props.put("password", password);
    }
    return props;
  }

  /**
   * The class loader of the code that called {@code DriverManager}: the first frame that is
   * neither the JDK's nor the agent's.
   */
  private static ClassLoader callerLoader() {
    ClassLoader loader =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(
                            c ->
                                c.getClassLoader() != null
                                    && !c.getName().startsWith("io.poolagent.")
                                    && !c.getName().startsWith("java."))
                        .map(Class::getClassLoader)
                        .findFirst()
                        .orElse(null));
    return loader != null ? loader : Thread.currentThread().getContextClassLoader();
  }

  /**
   * The pool starts on a thread of its own (see {@link ManagedPool#start}); the borrow that asked
   * for it waits, as it would have waited for its own physical connect.
   */
  private ManagedPool startOnPoolThread(
      String name, Supplier<ConnectionSource> register, PhysicalDataSource connects)
      throws SQLException {
    FutureTask<ManagedPool> start =
        new FutureTask<>(() -> ManagedPool.start(register, tracker, connects, settings));
    PoolThread.factory(name).newThread(start).start();
    try {
      return start.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        throw (SQLException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException("managed pool " + name + " did not start", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while managed pool " + name + " started", e);
    }
  }

  private void remember(Route route) {
    List<Route> kept = new ArrayList<>();
    for (Route r : routes) {
      if (r.live()) {
        kept.add(r);
      }
    }
    if (kept.size() < MAX_ROUTES) {
      kept.add(route);
    }
    routes = kept.toArray(new Route[0]);
  }

  private static boolean isA(Class<?> type, String className) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }
}
