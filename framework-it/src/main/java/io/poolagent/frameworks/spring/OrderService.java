package io.poolagent.frameworks.spring;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.hibernate.Hibernate;
import org.hibernate.proxy.HibernateProxy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service's data access, in the ways a Spring application mixes them: repositories inside
 * {@code @Transactional} methods (read-write, read-only, rolled back), {@link JdbcTemplate}, and
 * plain JDBC on a connection from {@link DataSourceUtils} or from the {@link DataSource} itself.
 * Built against Spring Boot 3 here and against Spring Boot 4 by {@code runtimes/spring-boot-4}: the
 * same code, whose plain SQL names the schema each build's configuration gives Hibernate.
 */
@Service
public class OrderService {

  private final CustomerRepository customers;
  private final PurchaseOrderRepository orders;
  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  private final String schema;

  public OrderService(
      CustomerRepository customers,
      PurchaseOrderRepository orders,
      JdbcTemplate jdbc,
      DataSource dataSource,
      @Value("${spring.jpa.properties.hibernate.default_schema}") String schema) {
    this.customers = customers;
    this.orders = orders;
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  @Transactional
  public int placeOrders() {
    Customer ada = customers.save(new Customer("Ada"));
    Customer grace = customers.save(new Customer("Grace"));
    orders.save(new PurchaseOrder(ada, 1500));
    orders.save(new PurchaseOrder(grace, 990));
    orders.save(new PurchaseOrder(ada, 2700));
    return 3;
  }

  /** Saves an order, then fails: the transaction rolls back and its connection goes back. */
  @Transactional
  public void placeRejectedOrder() {
    Customer nobody = customers.save(new Customer("Nobody"));
    orders.save(new PurchaseOrder(nobody, 1));
    throw new IllegalStateException("payment declined");
  }

  @Transactional(readOnly = true)
  public long totalCentsOf(String customerName) {
    return orders.totalCentsOf(customerName);
  }

  /**
   * Touches the lazy customer of the first order inside the transaction: Hibernate's Byte Buddy
   * proxy must load it as without the agent.
   */
  @Transactional(readOnly = true)
  public String firstOrderCustomer() {
    PurchaseOrder first = orders.findAllByOrderByIdAsc().get(0);
    Customer customer = first.getCustomer();
    boolean proxy = customer instanceof HibernateProxy;
    boolean loadedBefore = Hibernate.isInitialized(customer);
    String name = customer.getName();
    return "lazy proxy "
        + proxy
        + ", loaded before access "
        + loadedBefore
        + ", after "
        + Hibernate.isInitialized(customer)
        + ": "
        + name;
  }

  public long customerCount() {
    return jdbc.queryForObject("select count(*) from " + schema + ".customer", Long.class);
  }

  /**
   * Plain JDBC inside a JPA transaction: {@link DataSourceUtils} hands out the connection the
   * transaction already holds, and Spring gives it back at commit. Not releasing it here is
   * correct Spring code, and must not be reported as a leak.
   */
  @Transactional(readOnly = true)
  public long orderCountInTransaction() throws SQLException {
    Connection conn = DataSourceUtils.getConnection(dataSource);
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from " + schema + ".purchase_order")) {
      rs.next();
      return rs.getLong(1) + jdbc.queryForObject("select 0", Long.class);
    }
  }

  /**
   * Counts orders with plain JDBC beside JPA, on a connection from Spring's {@link
   * DataSourceUtils}, and never releases it (no {@code DataSourceUtils.releaseConnection}): the
   * bug the agent must point at, here and not in Spring's frames.
   */
  public long orderCountBypassingJpa() throws SQLException {
    Connection conn = DataSourceUtils.getConnection(dataSource); // LEAK: spring
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from " + schema + ".purchase_order")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The largest order, on a connection straight from the pool that is never closed: a bug. */
  public long largestOrderOverPlainJdbc() throws SQLException {
    Connection conn = dataSource.getConnection(); // LEAK: plain
    try (Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery("select max(amount_cents) from " + schema + ".purchase_order")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
