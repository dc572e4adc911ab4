package io.poolagent.testapp.db;

import io.poolagent.testapp.db.pools.AgroalPool;
import io.poolagent.testapp.db.pools.C3p0Pool;
import io.poolagent.testapp.db.pools.Dbcp2Pool;
import io.poolagent.testapp.db.pools.DruidPool;
import io.poolagent.testapp.db.pools.HikariCpPool;
import io.poolagent.testapp.db.pools.Pool;
import io.poolagent.testapp.db.pools.TomcatJdbcPool;
import io.poolagent.testapp.db.pools.UcpPool;
import io.poolagent.testapp.db.pools.ViburPool;
import java.util.function.Supplier;

/**
 * How the app obtains connections: each path is instrumented differently by the agent. A pool is
 * named {@code testapp-<option value>} where its API takes a name.
 *
 * <p>The pools are created through lambdas, not constructor references, so that only the chosen
 * pool's classes are ever loaded: a run through one pool must not load the others' classes, which
 * the agent would then see, and the HikariCP version tests put an older HikariCP on the class path.
 */
public enum Via {
  /** {@code DriverManager.getConnection(url, props)}, called by the leaking code itself. */
  DRIVER_MANAGER("drivermanager", null),
  /** The driver's own DataSource, which opens a physical connection on every call. */
  DATA_SOURCE("datasource", null),
  HIKARI("hikari", () -> new HikariCpPool()),
  DBCP2("dbcp2", () -> new Dbcp2Pool()),
  TOMCAT("tomcat", () -> new TomcatJdbcPool()),
  C3P0("c3p0", () -> new C3p0Pool()),
  AGROAL("agroal", () -> new AgroalPool()),
  VIBUR("vibur", () -> new ViburPool()),
  UCP("ucp", () -> new UcpPool()),
  DRUID("druid", () -> new DruidPool());

  private final String optionValue;
  private final Supplier<Pool> pool;

  Via(String optionValue, Supplier<Pool> pool) {
    this.optionValue = optionValue;
    this.pool = pool;
  }

  public String optionValue() {
    return optionValue;
  }

  /** The pool's name where it takes one: {@code testapp-hikari}, {@code testapp-c3p0}... */
  public String poolName() {
    return "testapp-" + optionValue;
  }

  /** Whether this path borrows from a pool, which can run dry. */
  public boolean pools() {
    return pool != null;
  }

  /** The pool behind this path, or null for the paths that do not pool. */
  Pool pool() {
    return pool == null ? null : pool.get();
  }
}
