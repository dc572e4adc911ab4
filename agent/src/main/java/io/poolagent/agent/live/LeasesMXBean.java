package io.poolagent.agent.live;

import java.io.IOException;
import java.util.List;

/**
 * {@code io.poolagent:type=Leases}: who holds each pool's connections now, as JConsole, VisualVM
 * and JMC show it. Open types only (an MXBean maps these to {@code CompositeData[]} and {@code
 * String[]}), so a JMX client needs none of the agent's classes.
 */
public interface LeasesMXBean {

  /** Each connection source: open leases by call site, and connections lost to collected leaks. */
  List<PoolLeasesView> getPools();

  /** What {@code java -jar pool-agent.jar leases PID} prints, line by line. */
  List<String> getLines();

  /** Where the report is written; null with {@code report=none}. */
  String getReportPath();

  /** Writes a checkpoint of the report now, as the agent does every {@code reportInterval}. */
  String writeReport() throws IOException;
}
