package io.poolagent.testapp;

import io.poolagent.testapp.cli.Options;
import io.poolagent.testapp.cli.OptionsParser;
import io.poolagent.testapp.cli.Usage;
import io.poolagent.testapp.cli.UsageException;
import io.poolagent.testapp.db.Database;
import io.poolagent.testapp.db.DatabaseUnavailableException;
import io.poolagent.testapp.db.Schema;
import io.poolagent.testapp.scenario.Scenarios;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Entry point: parse, set up the database, run one scenario, exit. It knows nothing of the agent;
 * the agent is attached from outside, at start or while {@code --await-stdin} waits.
 */
public final class TestApp {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_UNREACHABLE = 3;

  /**
   * The open database, kept for the life of the JVM as a service's application context keeps its
   * pool. A local alone is not enough: once the scenario no longer uses it, the JVM may collect the
   * pool object during {@code --linger} or at exit while its connections are still out, and the
   * agent reading the pool's state would find it gone.
   */
  @SuppressWarnings("unused")
  private static volatile Database openDatabase;

  private TestApp() {}

  public static void main(String[] args) {
    // Explicit exit: leaked pools and parked worker threads must not keep the JVM alive.
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = new OptionsParser(Scenarios.names()).parse(args);
    } catch (UsageException e) {
      err.println("testapp: " + e.getMessage() + " (see --help)");
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.println(Usage.TEXT);
      return EXIT_OK;
    }
    try {
      Database db = Database.open(options);
      openDatabase = db;
      Schema.setUp(db);
      if (options.awaitStdin()) {
        awaitGo(out);
      }
      if (options.traced()) {
        TracedRun.run(options.scenario(), () -> Scenarios.named(options.scenario()).run(db, options, out));
      } else {
        Scenarios.named(options.scenario()).run(db, options, out);
      }
      Thread.sleep(options.linger().toMillis());
    } catch (DatabaseUnavailableException e) {
      err.println("testapp: cannot connect to " + e.url() + ": " + OneLine.of(e));
      return EXIT_UNREACHABLE;
    } catch (SQLException | IOException e) {
      err.println("testapp: scenario " + options.scenario() + " failed: " + OneLine.of(e));
      return EXIT_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("testapp: scenario " + options.scenario() + " interrupted");
      return EXIT_FAILED;
    } catch (Exception e) {
      // Anything else is a bug in the app itself: keep the stack trace.
      err.println("testapp: scenario " + options.scenario() + " failed: " + OneLine.of(e));
      e.printStackTrace(err);
      return EXIT_FAILED;
    }
    out.println("scenario " + options.scenario() + " done");
    out.flush();
    return EXIT_OK;
  }

  /** Lets a test attach the agent to a running JVM before the scenario borrows anything. */
  private static void awaitGo(PrintStream out) throws IOException {
    out.println("testapp ready pid=" + ProcessHandle.current().pid());
    out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }
}
