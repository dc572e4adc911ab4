package io.poolagent.agent.live;

import io.poolagent.log.AgentLog;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Registers {@code io.poolagent:type=Leases} on the platform MBean server once JMX is in use in
 * this JVM: the application made an MBean server (Tomcat and most application servers do), or a
 * JMX client (JConsole, VisualVM, JMC) started the local management agent, which makes it. Looked
 * for once a second ({@link #LOOK_EVERY}), on the sweeper thread, until found.
 *
 * <p>Why the agent never makes that server itself: it costs tens of milliseconds of a short JVM's
 * start (a forked test JVM's), and it starts {@code java.util.logging}, which an application that
 * installs its own log manager later (WildFly with JBoss Modules) must do first, or it fails.
 */
public final class MBeanRegistration implements Runnable {

  static final String OBJECT_NAME = "io.poolagent:type=Leases";
  /** How often the sweeper runs this until the server is found. */
  public static final Duration LOOK_EVERY = Duration.ofSeconds(1);

  private final LiveLeases leases;
  private boolean done;

  MBeanRegistration(LiveLeases leases) {
    this.leases = leases;
  }

  @Override
  public void run() {
    if (done) {
      return;
    }
    try {
      if (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
        return;
      }
      done = true;
      ManagementFactory.getPlatformMBeanServer()
          .registerMBean(leases, new ObjectName(OBJECT_NAME));
    } catch (Exception | LinkageError e) {
      done = true;
      // The MBean is a convenience; leak tracking, leases PID and the report do not depend on it.
      AgentLog.warn("could not register the " + OBJECT_NAME + " MBean: " + e);
    }
  }
}
