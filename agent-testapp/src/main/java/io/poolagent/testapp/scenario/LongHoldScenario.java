package io.poolagent.testapp.scenario;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.reports.ReportJob;
import java.io.PrintStream;

/** A legitimate long hold: at most a late return, never a leak that stays open or is collected. */
final class LongHoldScenario implements Scenario {
  @Override
  public void run(Database db, Options options, PrintStream out) throws Exception {
    new ReportJob(db).run(options.hold());
    out.println("long-hold: report held one connection for " + options.hold().toMillis() + "ms");
  }
}
