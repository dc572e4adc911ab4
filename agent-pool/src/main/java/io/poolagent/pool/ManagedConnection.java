package io.poolagent.pool;

import io.poolagent.lease.Lease;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection a managed pool hands to the application: the lease's identity, in front of the
 * pool engine's own connection.
 *
 * <p>Why a wrapper of our own, and not the engine's connection itself: the engine keeps its
 * connection reachable for as long as a statement on it is open (HikariCP lists open statements
 * on its pool entry, and each statement points back at its connection). A leaked connection with
 * an open statement, the usual kind, would then never be collected, never be seen as a collected
 * leak, and never be reclaimed. Nothing of the engine points at this object, so it is collected as
 * soon as the application drops it; the engine's connection, held by the lease, is then evicted
 * ({@link ManagedPool#reclaim}).
 *
 * <p>Every call but {@link #close()} is passed on. Resetting state on return (auto-commit,
 * isolation, read-only, catalog, schema, network timeout, open statements) is the engine's work,
 * done when its connection is closed; an open transaction is rolled back here first, whoever
 * opened it (see {@link #close()}). Statements are handed out wrapped ({@link ManagedStatement}):
 * while the application holds one, it keeps this object reachable, and its {@code
 * getConnection()} is this object. A result set's {@code getStatement()} is the engine's
 * statement, whose connection is the engine's: closing that one returns the connection to the
 * pool as well, and the lease then ends when this object is closed or collected.
 */
final class ManagedConnection implements Connection {

  private final ManagedPool pool;
  private final Connection pooled;
  private volatile boolean closed;
  /**
   * Its lease, which {@link #close()} ends without looking it up. Set before the application gets
   * this object, so whoever closes it sees it.
   */
  Lease lease;

  ManagedConnection(ManagedPool pool, Connection pooled) {
    this.pool = pool;
    this.pooled = pooled;
  }

  ManagedPool pool() {
    return pool;
  }

  /**
   * Ends the lease, rolls back what the borrower left uncommitted, then gives the connection back
   * to the engine, which resets the rest.
   */
  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    pool.returned(this);
    if (pooled.isClosed()) {
      // Given back already, through a statement's getConnection().
      return;
    }
    if (rolledBack()) {
      pooled.close();
    } else {
      pool.discard(pooled);
    }
  }

  /**
   * Rolls back an open transaction, as pools do on return (DBCP's {@code rollbackOnReturn}) and
   * as the server does when a connection really closes. The engine alone is not enough: it rolls
   * back only when one of its statement wrappers ran in the transaction. Work done on the driver's
   * own connection ({@code unwrap}: COPY, large objects, a driver statement) it never sees, and
   * its reset, switching auto-commit back on, would then commit that work. False when the
   * rollback failed: the transaction may still be open, and the connection must not be reused.
   */
  private boolean rolledBack() {
    try {
      if (!pooled.getAutoCommit()) {
        pooled.rollback();
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed || pooled.isClosed();
  }

  /** The driver's own connection, or what it wraps: the engine's proxy passes it on. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : pooled.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || pooled.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "pool-agent managed connection of " + pool.name() + " (" + pooled + ")";
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    pooled.abort(executor);
  }

  @Override
  public void beginRequest() throws SQLException {
    pooled.beginRequest();
  }

  @Override
  public void clearWarnings() throws SQLException {
    pooled.clearWarnings();
  }

  @Override
  public void commit() throws SQLException {
    pooled.commit();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return pooled.createArrayOf(typeName, elements);
  }

  @Override
  public Blob createBlob() throws SQLException {
    return pooled.createBlob();
  }

  @Override
  public Clob createClob() throws SQLException {
    return pooled.createClob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return pooled.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return pooled.createSQLXML();
  }

  @Override
  public Statement createStatement() throws SQLException {
    return ManagedStatement.wrap(this, pooled.createStatement(), Statement.class);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return ManagedStatement.wrap(this, pooled.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), Statement.class);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return ManagedStatement.wrap(this, pooled.createStatement(resultSetType, resultSetConcurrency), Statement.class);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return pooled.createStruct(typeName, attributes);
  }

  @Override
  public void endRequest() throws SQLException {
    pooled.endRequest();
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return pooled.getAutoCommit();
  }

  @Override
  public String getCatalog() throws SQLException {
    return pooled.getCatalog();
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return pooled.getClientInfo();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return pooled.getClientInfo(name);
  }

  @Override
  public int getHoldability() throws SQLException {
    return pooled.getHoldability();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return pooled.getMetaData();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return pooled.getNetworkTimeout();
  }

  @Override
  public String getSchema() throws SQLException {
    return pooled.getSchema();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return pooled.getTransactionIsolation();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return pooled.getTypeMap();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return pooled.getWarnings();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return pooled.isReadOnly();
  }

  @Override
  public boolean isValid(int timeoutSeconds) throws SQLException {
    return pooled.isValid(timeoutSeconds);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return pooled.nativeSQL(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), CallableStatement.class);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareCall(sql, resultSetType, resultSetConcurrency), CallableStatement.class);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareCall(sql), CallableStatement.class);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareStatement(sql, columnIndexes), PreparedStatement.class);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareStatement(sql, columnNames), PreparedStatement.class);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), PreparedStatement.class);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareStatement(sql, resultSetType, resultSetConcurrency), PreparedStatement.class);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareStatement(sql, autoGeneratedKeys), PreparedStatement.class);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return ManagedStatement.wrap(this, pooled.prepareStatement(sql), PreparedStatement.class);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    pooled.releaseSavepoint(savepoint);
  }

  @Override
  public void rollback() throws SQLException {
    pooled.rollback();
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    pooled.rollback(savepoint);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    pooled.setAutoCommit(autoCommit);
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    pooled.setCatalog(catalog);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    pooled.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    pooled.setClientInfo(properties);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    pooled.setHoldability(holdability);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    pooled.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    pooled.setReadOnly(readOnly);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return pooled.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return pooled.setSavepoint(name);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    pooled.setSchema(schema);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
    pooled.setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    pooled.setShardingKey(shardingKey);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeoutSeconds) throws SQLException {
    return pooled.setShardingKeyIfValid(shardingKey, timeoutSeconds);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeoutSeconds) throws SQLException {
    return pooled.setShardingKeyIfValid(shardingKey, superShardingKey, timeoutSeconds);
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    pooled.setTransactionIsolation(level);
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    pooled.setTypeMap(map);
  }
}
