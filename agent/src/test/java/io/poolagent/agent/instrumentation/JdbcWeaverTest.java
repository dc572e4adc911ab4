package io.poolagent.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.poolagent.bootstrap.BorrowHooks;
import io.poolagent.bootstrap.LeaseCarrier;
import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.config.CallSiteSkip;
import io.poolagent.config.SettingsParser;
import io.poolagent.coverage.WeaveCoverage;
import io.poolagent.lease.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real classes of H2, HikariCP and PostgreSQL's driver, woven by the transformer as the JVM
 * would hand them over, defined in a class loader of their own (so the JVM verifies them), then
 * used: the woven code must report each borrow, failure, close and physical connect to the bridge,
 * and change nothing of what the methods return or throw.
 */
class JdbcWeaverTest {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final WeaveCoverage coverage = new WeaveCoverage();
  private final JdbcTransformer transformer = weaving(false, coverage);
  private final RecordingHooks hooks = new RecordingHooks(events);
  private WeavingLoader loader;

  @BeforeEach
  void setUp() {
    loader = new WeavingLoader(transformer, getClass().getClassLoader());
    PoolAgentBridge.install(hooks);
  }

  @AfterEach
  void tearDown() {
    PoolAgentBridge.uninstall();
  }

  @Test
  void aDriverDataSourceBorrowAndCloseReachTheBridge() throws Exception {
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-borrow");

    Connection connection = h2.getConnection();
    connection.close();

    assertThat(events)
        .containsExactly(
            "borrowed " + h2.getClass().getName() + " -> " + connection.getClass().getName(),
            "closing " + connection.getClass().getName());
    assertThat(connection.isClosed()).isTrue();
  }

  @Test
  void aFailedBorrowIsReportedAndItsExceptionReachesTheCallerUnchanged() throws Exception {
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-fail;IFEXISTS=TRUE");

    Throwable thrown = catchThrowable(h2::getConnection);

    assertThat(thrown).isInstanceOf(java.sql.SQLException.class).hasMessageContaining("not found");
    assertThat(events).containsExactly("failed " + h2.getClass().getName() + ": " + thrown.getClass().getName());
  }

  @Test
  void aPoolOverADriverIsOneBorrowAndItsPhysicalConnectsAreTimed() throws Exception {
    Class<?> configType = loader.loadClass("com.zaxxer.hikari.HikariConfig");
    Object config = configType.getConstructor().newInstance();
    // A DataSource class rather than a URL: HikariCP then loads it through this loader, woven.
    configType.getMethod("setDataSourceClassName", String.class).invoke(config, "org.h2.jdbcx.JdbcDataSource");
    configType
        .getMethod("addDataSourceProperty", String.class, Object.class)
        .invoke(config, "URL", "jdbc:h2:mem:weaver-hikari");
    configType.getMethod("setPoolName", String.class).invoke(config, "woven");
    configType.getMethod("setMaximumPoolSize", int.class).invoke(config, 1);
    DataSource hikari =
        (DataSource)
            loader.loadClass("com.zaxxer.hikari.HikariDataSource").getConstructor(configType).newInstance(config);
    try {
      Connection connection = hikari.getConnection();
      connection.close();

      assertThat(events).contains("created hikari woven");
      assertThat(events)
          .contains(
              "borrowed com.zaxxer.hikari.HikariDataSource -> " + connection.getClass().getName(),
              "closing " + connection.getClass().getName());
      assertThat(events).filteredOn(e -> e.startsWith("borrowed com.zaxxer.hikari.HikariDataSource")).hasSize(1);
    } finally {
      ((AutoCloseable) hikari).close();
    }
  }

  /**
   * HikariCP's documented way to dispose of a borrowed connection: the bridge hears of it before
   * the pool acts, and a close() afterwards is reported as any close (the agent finds the lease
   * ended by then).
   */
  @Test
  void hikariEvictConnectionReachesTheBridgeWithTheConnectionHandedOut() throws Exception {
    DataSource hikari = hikari("jdbc:h2:mem:weaver-evict-hikari");
    try {
      Connection connection = hikari.getConnection();
      call(hikari, "evictConnection", connection);
      connection.close();

      assertThat(events)
          .containsSubsequence(
              "borrowed com.zaxxer.hikari.HikariDataSource -> " + connection.getClass().getName(),
              "evicting " + connection.getClass().getName(),
              "closing " + connection.getClass().getName());
      assertThat(events).filteredOn(e -> e.startsWith("evicting")).hasSize(1);
      // The pool did its part: the next borrow gets a connection of its own.
      try (Connection next = hikari.getConnection()) {
        assertThat(next.isValid(1)).isTrue();
      }
    } finally {
      ((AutoCloseable) hikari).close();
    }
  }

  /** DBCP2's {@code invalidateConnection}, and the same class relocated inside Tomcat. */
  @ParameterizedTest
  @ValueSource(strings = {"org.apache.commons.dbcp2", "org.apache.tomcat.dbcp.dbcp2"})
  void dbcp2InvalidateConnectionReachesTheBridgeAndThePoolStillInvalidates(String dbcp2)
      throws Exception {
    DataSource dbcp = (DataSource) loader.loadClass(dbcp2 + ".BasicDataSource").getConstructor().newInstance();
    dbcp.getClass().getMethod("setDriverClassName", String.class).invoke(dbcp, "org.h2.Driver");
    dbcp.getClass().getMethod("setUrl", String.class).invoke(dbcp, "jdbc:h2:mem:weaver-evict-dbcp2");
    try {
      Connection connection = dbcp.getConnection();
      call(dbcp, "invalidateConnection", connection);

      assertThat(events)
          .containsSubsequence(
              "borrowed " + dbcp2 + ".BasicDataSource -> " + connection.getClass().getName(),
              "evicting " + connection.getClass().getName());
      assertThat(dbcp.getClass().getMethod("getNumActive").invoke(dbcp)).isEqualTo(0);
      // What the method throws is unchanged: a connection that is not the pool's.
      assertThat(catchThrowable(() -> call(dbcp, "invalidateConnection", fakeConnection())))
          .isInstanceOf(IllegalStateException.class);
      assertThat(events).filteredOn(e -> e.startsWith("evicting")).hasSize(2);
    } finally {
      ((AutoCloseable) dbcp).close();
    }
  }

  @Test
  void dbcp2PoolingDriverInvalidateConnectionReachesTheBridgeAndThrowsAsWritten() throws Exception {
    Object driver =
        loader.loadClass("org.apache.commons.dbcp2.PoolingDriver").getConstructor().newInstance();
    Connection notThePools = fakeConnection();

    Throwable thrown = catchThrowable(() -> call(driver, "invalidateConnection", notThePools));

    assertThat(thrown).isInstanceOf(java.sql.SQLException.class).hasMessage("Invalid connection class");
    assertThat(events).containsExactly("evicting " + notThePools.getClass().getName());
  }

  @Test
  void viburSeverConnectionReachesTheBridge() throws Exception {
    Object vibur = loader.loadClass("org.vibur.dbcp.ViburDBCPDataSource").getConstructor().newInstance();
    // The driver by name: this test's loader defines H2's classes apart from DriverManager's.
    vibur.getClass().getMethod("setDriverClassName", String.class).invoke(vibur, "org.h2.Driver");
    vibur.getClass().getMethod("setJdbcUrl", String.class).invoke(vibur, "jdbc:h2:mem:weaver-evict-vibur");
    vibur.getClass().getMethod("setUsername", String.class).invoke(vibur, "sa");
    vibur.getClass().getMethod("setPassword", String.class).invoke(vibur, "");
    vibur.getClass().getMethod("setPoolInitialSize", int.class).invoke(vibur, 1);
    vibur.getClass().getMethod("start").invoke(vibur);
    try {
      Connection connection = ((DataSource) vibur).getConnection();
      call(vibur, "severConnection", connection);

      assertThat(events)
          .containsSubsequence(
              "borrowed org.vibur.dbcp.ViburDBCPDataSource -> " + connection.getClass().getName(),
              "evicting " + connection.getClass().getName());
      assertThat(connection.isClosed()).as("Vibur marks a severed connection closed").isTrue();
    } finally {
      vibur.getClass().getMethod("close").invoke(vibur);
    }
  }

  @Test
  void aCovariantGetConnectionIsWovenWhereTheDriverDeclaresIt() throws Exception {
    Class<?> base = loader.loadClass("org.postgresql.ds.common.BaseDataSource");
    Method getConnection = base.getMethod("getConnection");
    byte[] woven = loader.woven("org/postgresql/ds/common/BaseDataSource");

    assertThat(getConnection.getReturnType()).isEqualTo(Connection.class);
    assertThat(woven).as("BaseDataSource was woven").isNotNull();
    assertThat(new String(woven, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("io/poolagent/bootstrap/PoolAgentBridge");
  }

  @Test
  void classesThatAreNoJdbcImplementationAreLeftAsTheyAre() throws Exception {
    loader.loadClass("org.h2.Driver");
    loader.loadClass("com.zaxxer.hikari.HikariConfig");

    assertThat(loader.woven("org/h2/Driver")).isNull();
    assertThat(loader.woven("com/zaxxer/hikari/HikariConfig")).isNull();
  }

  @Test
  void withRoutingAManagedPoolsConnectionIsReturnedAndTheMethodBodyDoesNotRun() throws Exception {
    loader = new WeavingLoader(weaving(true, coverage), getClass().getClassLoader());
    Connection managed = fakeConnection();
    hooks.routeTo = managed;
    // IFEXISTS: the method's own body would throw, the database does not exist.
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-routed;IFEXISTS=TRUE");

    assertThat(h2.getConnection()).isSameAs(managed);
    assertThat(h2.getConnection("sa", "secret")).isSameAs(managed);
    // The routed borrow starts its own lease: the woven exits report nothing more.
    assertThat(events)
        .containsExactly(
            "route " + h2.getClass().getName() + " user null", "route " + h2.getClass().getName() + " user sa");
  }

  @Test
  void withRoutingThePoolsSqlExceptionReachesTheCaller() throws Exception {
    loader = new WeavingLoader(weaving(true, coverage), getClass().getClassLoader());
    hooks.routeFails = new java.sql.SQLTransientConnectionException("no connection in time");
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-route-fails");

    assertThat(catchThrowable(h2::getConnection)).isSameAs(hooks.routeFails);
  }

  @Test
  void withRoutingAnAgentFailureLeavesTheBorrowAsWritten() throws Exception {
    loader = new WeavingLoader(weaving(true, coverage), getClass().getClassLoader());
    hooks.routeFails = new IllegalStateException("the agent's own bug");
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-route-bug");

    Connection connection = h2.getConnection();
    connection.close();

    assertThat(connection.getClass().getName()).startsWith("org.h2.");
    assertThat(events).contains("borrowed " + h2.getClass().getName() + " -> " + connection.getClass().getName());
  }

  @Test
  void withoutRoutingTheManagedPoolIsNeverAsked() throws Exception {
    hooks.routeTo = fakeConnection();
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-not-routed");

    try (Connection connection = h2.getConnection()) {
      assertThat(connection).isNotSameAs(hooks.routeTo);
    }
    assertThat(events).noneMatch(e -> e.startsWith("route"));
  }

  @Test
  void eachCallSiteInApplicationCodeNamesTheBorrowsItStarts() throws Exception {
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-sites");
    Object repository = repository(h2, null);

    for (int i = 0; i < 2; i++) {
      ((Connection) repository.getClass().getMethod("orders").invoke(repository)).close();
      ((Connection) repository.getClass().getMethod("invoices").invoke(repository)).close();
    }
    // The test's own call is no marked site.
    h2.getConnection().close();

    List<Integer> sites = hooks.sites;
    assertThat(sites).hasSize(5);
    assertThat(sites.get(0)).isPositive().isEqualTo(sites.get(2));
    assertThat(sites.get(1)).isPositive().isEqualTo(sites.get(3)).isNotEqualTo(sites.get(0));
    assertThat(sites.get(4)).as("unmarked borrow").isZero();
  }

  @Test
  void aMarkedCallThatBorrowsNothingLeavesNoSiteForTheNextBorrow() throws Exception {
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-stale-site");
    try (Connection held = h2.getConnection()) {
      Object repository = repository(h2, held);

      assertThat(repository.getClass().getMethod("current").invoke(repository)).isSameAs(held);
      h2.getConnection().close();

      assertThat(hooks.sites).containsExactly(0, 0);
    }
  }

  @Test
  void callSitesInPoolsAndDriversAreNotMarked() throws Exception {
    loader.loadClass("com.zaxxer.hikari.HikariDataSource");
    loader.loadClass("com.zaxxer.hikari.pool.HikariPool");
    loader.loadClass("com.example.shop.Repository");

    assertThat(text(loader.woven("com/zaxxer/hikari/HikariDataSource")))
        .contains("enterBorrow")
        .doesNotContain("borrowSite");
    assertThat(loader.woven("com/zaxxer/hikari/pool/HikariPool")).isNull();
    assertThat(text(loader.woven("com/example/shop/Repository"))).contains("borrowSite");
  }

  @Test
  void callSitesInAPoolsOwnTestsAreMarked() throws Exception {
    loader.loadClass("com.zaxxer.hikari.pool.TestBorrower");

    assertThat(text(loader.woven("com/zaxxer/hikari/pool/TestBorrower"))).contains("borrowSite");
  }

  @Test
  void theCallSiteSkipSettingDecidesWhichCallsAreMarked() throws Exception {
    Frames.setCallSiteSkip(
        SettingsParser.parse(
                "callSiteSkip=+com.example.shop.;-com.zaxxer.hikari.HikariDataSource",
                Map.of(),
                Map.of())
            .callSiteSkip());
    try {
      loader.loadClass("com.example.shop.Repository");
      loader.loadClass("com.zaxxer.hikari.HikariDataSource");

      // Repository is no JDBC type: with no call site to mark, it is not woven at all.
      assertThat(loader.woven("com/example/shop/Repository")).isNull();
      assertThat(text(loader.woven("com/zaxxer/hikari/HikariDataSource"))).contains("borrowSite");
    } finally {
      Frames.setCallSiteSkip(CallSiteSkip.NONE);
    }
  }

  @Test
  void aConnectionClassWovenAsItLoadsCarriesTheLeaseOfItsBorrow() throws Exception {
    DataSource h2 = h2DataSource("jdbc:h2:mem:weaver-carrier");
    Connection connection = h2.getConnection();
    try {
      assertThat(connection).isInstanceOf(LeaseCarrier.class);
      LeaseCarrier carrier = (LeaseCarrier) connection;
      assertThat(carrier.poolAgent$lease()).isNull();
      Object lease = new Object();
      carrier.poolAgent$lease(lease);
      assertThat(carrier.poolAgent$lease()).isSameAs(lease);
      assertThat(connection.isValid(1)).isTrue();
    } finally {
      connection.close();
    }
    assertThat(connection.isClosed()).isTrue();
  }

  /**
   * A retransformation cannot add or remove a member: a class loaded without the carrier (before
   * an {@code attach}) is woven again without it, one loaded with it keeps it.
   */
  @Test
  void aRetransformedConnectionClassKeepsTheMembersItWasLoadedWith() throws Exception {
    String name = "org/h2/jdbc/JdbcConnection";
    byte[] original;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
      original = in.readAllBytes();
    }
    Class<?> loadedPlain = org.h2.jdbc.JdbcConnection.class;
    Class<?> loadedCarrying = loader.loadClass("org.h2.jdbc.JdbcConnection");

    byte[] plain =
        transformer.transform(
            null, loadedPlain.getClassLoader(), name, loadedPlain, null, original);
    byte[] carrying = transformer.transform(null, loader, name, loadedCarrying, null, original);

    assertThat(LeaseCarrier.class.isAssignableFrom(loadedPlain)).isFalse();
    assertThat(text(plain)).contains("closing").doesNotContain("LeaseCarrier");
    assertThat(LeaseCarrier.class.isAssignableFrom(loadedCarrying)).isTrue();
    assertThat(text(carrying)).contains("closing", "LeaseCarrier", "poolAgent$lease");
  }

  @Test
  void aConnectionClassThatDeclaresItselfSerializableIsWovenWithoutTheCarrier() throws Exception {
    Class<?> type = loader.loadClass("com.example.shop.SerializableConnection");

    assertThat(text(loader.woven("com/example/shop/SerializableConnection")))
        .contains("closing")
        .doesNotContain("LeaseCarrier");
    assertThat(LeaseCarrier.class.isAssignableFrom(type)).isFalse();
  }

  /**
   * The transformer in its JDBC phase, the bridge where the tests have it: on their own class
   * path, not the bootstrap one.
   */
  private static JdbcTransformer weaving(boolean route, WeaveCoverage coverage) {
    JdbcTransformer transformer =
        new JdbcTransformer(null, route, JdbcWeaverTest.class.getClassLoader());
    transformer.weaveJdbc(coverage);
    return transformer;
  }

  /** {@code target.method(connection)}, with what the method throws rather than a wrapper. */
  private static void call(Object target, String method, Connection connection) throws Exception {
    try {
      target.getClass().getMethod(method, Connection.class).invoke(target, connection);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  private DataSource hikari(String url) throws Exception {
    Class<?> configType = loader.loadClass("com.zaxxer.hikari.HikariConfig");
    Object config = configType.getConstructor().newInstance();
    configType.getMethod("setDataSourceClassName", String.class).invoke(config, "org.h2.jdbcx.JdbcDataSource");
    configType
        .getMethod("addDataSourceProperty", String.class, Object.class)
        .invoke(config, "URL", url);
    configType.getMethod("setMaximumPoolSize", int.class).invoke(config, 1);
    return (DataSource)
        loader.loadClass("com.zaxxer.hikari.HikariDataSource").getConstructor(configType).newInstance(config);
  }

  private static String text(byte[] classFile) {
    assertThat(classFile).as("woven").isNotNull();
    return new String(classFile, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private Object repository(DataSource dataSource, Connection held) throws Exception {
    return loader
        .loadClass("com.example.shop.Repository")
        .getConstructor(DataSource.class, Connection.class)
        .newInstance(dataSource, held);
  }

  private static Connection fakeConnection() {
    return (Connection)
        java.lang.reflect.Proxy.newProxyInstance(
            JdbcWeaverTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> null);
  }

  private DataSource h2DataSource(String url) throws Exception {
    Object h2 = loader.loadClass("org.h2.jdbcx.JdbcDataSource").getConstructor().newInstance();
    h2.getClass().getMethod("setURL", String.class).invoke(h2, url);
    return (DataSource) h2;
  }

  /** Defines the drivers' and pools' classes itself, woven; everything else from its parent. */
  private static final class WeavingLoader extends ClassLoader {
    private static final String[] WOVEN_PACKAGES = {
      "org.h2.", "com.zaxxer.hikari.", "org.postgresql.", "com.example.",
      "org.apache.commons.dbcp2.", "org.apache.tomcat.dbcp.", "org.vibur."
    };
    private final JdbcTransformer transformer;
    private final java.util.Map<String, byte[]> woven = new java.util.concurrent.ConcurrentHashMap<>();

    WeavingLoader(JdbcTransformer transformer, ClassLoader parent) {
      super(parent);
      this.transformer = transformer;
    }

    byte[] woven(String internalName) {
      return woven.get(internalName);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!isWoven(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String internalName = name.replace('.', '/');
          byte[] bytes = read(internalName);
          byte[] transformed = transformer.transform(null, this, internalName, null, null, bytes);
          if (transformed != null) {
            woven.put(internalName, transformed);
          }
          byte[] defined = transformed != null ? transformed : bytes;
          loaded = defineClass(name, defined, 0, defined.length);
        }
        return loaded;
      }
    }

    private static boolean isWoven(String name) {
      for (String prefix : WOVEN_PACKAGES) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    private byte[] read(String internalName) throws ClassNotFoundException {
      try (InputStream in = getParent().getResourceAsStream(internalName + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(internalName);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new ClassNotFoundException(internalName, e);
      }
    }
  }

  /** What the agent's hooks would be told, as text. */
  private static final class RecordingHooks implements BorrowHooks {
    private final List<String> events;
    /** What {@link #route} answers: this connection, or this exception, or null (not routed). */
    volatile Object routeTo;
    volatile Exception routeFails;
    /** The site of each borrow, in order. */
    final List<Integer> sites = new CopyOnWriteArrayList<>();

    RecordingHooks(List<String> events) {
      this.events = events;
    }

    @Override
    public Object nestedBorrow(Object source, Object remembered) {
      return remembered;
    }

    @Override
    public void borrowed(
        Object source, Object connection, long startNanos, Object nested, int site) {
      events.add("borrowed " + source.getClass().getName() + " -> " + connection.getClass().getName());
      sites.add(site);
    }

    @Override
    public Object route(
        Object source, java.util.Properties info, String user, String password, int site)
        throws Exception {
      if (routeFails != null) {
        throw routeFails;
      }
      if (routeTo != null) {
        events.add("route " + source.getClass().getName() + " user " + user);
      }
      return routeTo;
    }

    @Override
    public void borrowFailed(Object source, Throwable thrown, long startNanos) {
      events.add("failed " + source.getClass().getName() + ": " + thrown.getClass().getName());
    }

    @Override
    public void closing(Object connection) {
      events.add("closing " + connection.getClass().getName());
    }

    @Override
    public void evicting(Object connection) {
      events.add("evicting " + connection.getClass().getName());
    }

    @Override
    public void connectionCreated(String vendor, String poolName, long nanos) {
      events.add("created " + vendor + " " + poolName);
    }
  }
}
