package io.poolagent.lease;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a pool's own "timed out waiting for a connection" failure from every other failed borrow.
 * Each pool says it differently; each signal below was seen by exhausting a real pool of size 1
 * (see {@code PoolTimeoutsTest}). Pool classes are matched by name, never loaded.
 *
 * <p>A pool whose timeout is not known here gets no timeouts metric at all: a count that could
 * never move would be a made-up zero.
 */
public final class PoolTimeouts {

  private PoolTimeouts() {}

  /** Whether this vendor's timeouts are recognised, so that a count of them means something. */
  public static boolean recognises(String vendor) {
    return vendor != null && timedOut(vendor, null) != null;
  }

  /**
   * Whether {@code thrown}, from a borrow of a pool of {@code vendor}, is that pool timing out.
   *
   * <p>Not when the database refused to connect (SQLState class 28, bad credentials, or 08, no
   * connection): some pools (Druid, HikariCP) then also time out, carrying the refusal as cause,
   * but a bigger pool or shorter holds would not help: it is an outage, not an exhausted pool.
   */
  public static boolean isTimeout(String vendor, Throwable thrown) {
    return vendor != null
        && thrown != null
        && Boolean.TRUE.equals(timedOut(vendor, thrown))
        && !refusedByDatabase(thrown);
  }

  /**
   * Whether {@code thrown} (null for none) is the pool's timeout, by the signal each pool gives;
   * null for a vendor whose signal is not known. A switch rather than a map of lambdas: this class
   * is first used at the exit of a short JVM, where a dozen lambdas cost it some 5 ms.
   */
  private static Boolean timedOut(String vendor, Throwable t) {
    switch (vendor) {
      case "hikari": // "Connection is not available, request timed out after 250ms."
      case "managed": // The agent's managed pool: HikariCP inside.
        return t instanceof SQLTransientConnectionException;
      case "dbcp2":
      case "tomcat-dbcp":
        // SQLException("Cannot get a connection, pool error Timeout waiting for idle object...")
        // caused by commons-pool's NoSuchElementException.
        return commonsPoolTimeout(t);
      case "tomcat-jdbc":
        // "Timeout: Pool empty. Unable to fetch a connection in 0 seconds..." (and "NoWait: Pool
        // empty" when maxWait is 0: a timeout of zero, the pool is exhausted all the same).
        return inChain(t, "org.apache.tomcat.jdbc.pool.PoolExhaustedException");
      case "c3p0":
        // SQLException("An attempt by a client to checkout a Connection has timed out.")
        return inChain(t, "com.mchange.v2.resourcepool.TimeoutException");
      case "agroal":
        // A plain SQLException without cause or SQLState: its text is all there is.
        return t instanceof SQLException && "Sorry, acquisition timeout!".equals(t.getMessage());
      case "vibur":
        // "Pool p1@...(1/0/1/w/n), couldn't obtain SQL connection within 200.000 ms." VI002 is
        // Vibur's own SQLState for it; a driver's SQLTimeoutException carries another.
        return t instanceof SQLTimeoutException && "VI002".equals(((SQLException) t).getSQLState());
      case "ucp":
        // SQLException("UCP-29: Failed to get a connection") caused by "UCP-45064: All
        // connections in the Universal Connection Pool are in use". UCP-29 alone is any failure.
        return ucpTimeout(t);
      case "druid":
        return t != null
            && isA(t.getClass(), "com.alibaba.druid.pool.GetConnectionTimeoutException");
      case "ironjacamar":
        // SQLException("IJ000453: Unable to get managed connection for java:jboss/...") caused by
        // ResourceException("IJ000655: No managed connections available within configured
        // blocking timeout"). IJ000453 alone is any failure, the database's refusal included.
        return ironJacamarTimeout(t);
      default:
        return null;
    }
  }

  private static boolean commonsPoolTimeout(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof java.util.NoSuchElementException
          && t.getMessage() != null
          && t.getMessage().startsWith("Timeout waiting for idle object")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean ucpTimeout(Throwable thrown) {
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (isA(t.getClass(), "oracle.ucp.UniversalConnectionPoolException")
          && t.getMessage() != null
          && t.getMessage().startsWith("UCP-45064")) {
        return true;
      }
    }
    return false;
  }

  private static boolean ironJacamarTimeout(Throwable thrown) {
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith("IJ000655:")) {
        return true;
      }
    }
    return false;
  }

  private static boolean refusedByDatabase(Throwable thrown) {
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null && (state.startsWith("28") || state.startsWith("08"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inChain(Throwable thrown, String className) {
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (isA(t.getClass(), className)) {
        return true;
      }
    }
    return false;
  }

  /** By name, so that the agent never loads or links a pool's class. */
  private static boolean isA(Class<?> type, String className) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }
}
