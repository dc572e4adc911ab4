package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NamingException;
import javax.naming.StringRefAddr;
import javax.sql.DataSource;
import org.apache.naming.ContextAccessController;
import org.apache.naming.ContextBindings;
import org.apache.naming.NamingContext;
import org.apache.naming.ResourceRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool without a name of its own, bound in the application's environment by Tomcat's naming (the
 * real one, set up as Tomcat sets it up for a web application whose {@code context.xml} has {@code
 * <Resource name="jdbc/orders" type="javax.sql.DataSource"/>}), is named by its JNDI name.
 */
class ConnectionSourcesJndiTest {

  private static final String APP = "pool-agent-jndi-test";

  private final ConnectionSources sources = new ConnectionSources();
  private final Object token = new Object();
  private final List<DataSource> pools = new ArrayList<>();
  private final Map<String, String> savedProperties = new HashMap<>();
  private Context jdbc;

  @BeforeEach
  void bindEnvironment() throws NamingException {
    // What Tomcat's Catalina.initNaming() sets at start.
    setProperty(Context.INITIAL_CONTEXT_FACTORY, "org.apache.naming.java.javaURLContextFactory");
    setProperty(Context.URL_PKG_PREFIXES, "org.apache.naming");

    // What Tomcat's NamingContextListener builds for a web application, then makes read-only.
    NamingContext root = new NamingContext(new Hashtable<>(), APP);
    ContextAccessController.setSecurityToken(APP, token);
    ContextBindings.bindContext(APP, root, token);
    Context env = root.createSubcontext("comp").createSubcontext("env");
    jdbc = env.createSubcontext("jdbc");
    jdbc.bind("orders", resource("jdbc:h2:mem:jndi-orders"));
    jdbc.bind("reports", resource("jdbc:h2:mem:jndi-reports"));
    env.bind("greeting", "hello");
    ContextAccessController.setReadOnly(APP);
    ContextBindings.bindThread(APP, token);
  }

  @AfterEach
  void unbindEnvironment() throws Exception {
    for (DataSource pool : pools) {
      TestPools.close(pool);
    }
    ContextBindings.unbindThread(APP, token);
    ContextBindings.unbindContext(APP, token);
    ContextAccessController.setWritable(APP, token);
    ContextAccessController.unsetSecurityToken(APP, token);
    savedProperties.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  private void setProperty(String key, String value) {
    savedProperties.put(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  private static ResourceRef resource(String url) {
    ResourceRef ref = new ResourceRef("javax.sql.DataSource", null, "", "Container", true);
    ref.add(new StringRefAddr("driverClassName", "org.h2.Driver"));
    ref.add(new StringRefAddr("url", url));
    return ref;
  }

  /** As a servlet gets its pool: a lookup, then a borrow. */
  private DataSource lookedUpAndBorrowed(String name) throws Exception {
    DataSource pool = (DataSource) new InitialContext().lookup("java:comp/env/" + name);
    pools.add(pool);
    try (Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }
    return pool;
  }

  @Test
  void aPoolBoundInJndiIsNamedByItsJndiName() throws Exception {
    DataSource pool = lookedUpAndBorrowed("jdbc/orders");

    ConnectionSource source = sources.of(pool);

    assertThat(source.name()).isEqualTo("jdbc/orders");
    assertThat(source.vendor()).isEqualTo("tomcat-dbcp");
    // Not a name the pool reports its own measurements under.
    assertThat(source.ownName()).isNull();
    assertThat(sources.of(pool)).isSameAs(source);
  }

  @Test
  void namingCreatesNoResourceTheApplicationDidNotLookUp() throws Exception {
    sources.of(lookedUpAndBorrowed("jdbc/orders"));

    // Tomcat replaces a singleton's reference with the object at its first lookup.
    assertThat(classesIn(jdbc))
        .contains("orders=org.apache.tomcat.dbcp.dbcp2.BasicDataSource")
        .contains("reports=org.apache.naming.ResourceRef");
  }

  @Test
  void eachPoolGetsItsOwnJndiName() throws Exception {
    DataSource orders = lookedUpAndBorrowed("jdbc/orders");
    DataSource reports = lookedUpAndBorrowed("jdbc/reports");

    assertThat(sources.of(reports).name()).isEqualTo("jdbc/reports");
    assertThat(sources.of(orders).name()).isEqualTo("jdbc/orders");
  }

  @Test
  void aPoolNotBoundInJndiGetsAGeneratedName() throws Exception {
    lookedUpAndBorrowed("jdbc/orders");
    DataSource unbound =
        TestPools.TOMCAT_DBCP.create(TestPools.Settings.of("jdbc:h2:mem:jndi-unbound"));
    pools.add(unbound);
    unbound.getConnection().close();

    assertThat(sources.of(unbound).name()).isEqualTo("tomcat-dbcp-1");
  }

  @Test
  void aThreadWithoutTheApplicationsEnvironmentGetsAGeneratedName() throws Exception {
    DataSource pool = lookedUpAndBorrowed("jdbc/orders");
    ConnectionSource[] source = new ConnectionSource[1];

    // A thread of the application's own pool, say, that Tomcat did not bind.
    Thread other = new Thread(() -> source[0] = sources.of(pool));
    other.start();
    other.join(10_000);

    assertThat(source[0].name()).isEqualTo("tomcat-dbcp-1");
  }

  private static List<String> classesIn(Context context) throws NamingException {
    List<String> classes = new ArrayList<>();
    for (NameClassPair pair : Collections.list(context.list(""))) {
      classes.add(pair.getName() + "=" + pair.getClassName());
    }
    return classes;
  }
}
