package io.poolagent.agent.live;

import io.poolagent.log.AgentLog;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Registers {@code io.poolagent:type=Leases} on the platform MBean server, on its own short-lived
 * thread: making that server costs tens of milliseconds the application's start need not wait for.
 *
 * <p>Making it also starts {@code java.util.logging}. An application that installs its own log
 * manager ({@code -Djava.util.logging.manager}, as WildFly does with JBoss Modules) must do that
 * first, or it fails at start; there the MBean waits until the application has made the server
 * itself.
 */
final class MBeanRegistration implements Runnable {

  static final String THREAD_NAME = "pool-agent-mbean";
  static final String OBJECT_NAME = "io.poolagent:type=Leases";
  private static final long WAIT_MILLIS = 1000;

  private final LiveLeases leases;

  MBeanRegistration(LiveLeases leases) {
    this.leases = leases;
  }

  @Override
  public void run() {
    try {
      if (System.getProperty("java.util.logging.manager") != null) {
        while (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
          Thread.sleep(WAIT_MILLIS);
        }
      }
      ManagementFactory.getPlatformMBeanServer()
          .registerMBean(leases, new ObjectName(OBJECT_NAME));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | LinkageError e) {
      // The MBean is a convenience; leak tracking and the report do not depend on it.
      AgentLog.warn("could not register the " + OBJECT_NAME + " MBean: " + e);
    }
  }
}
