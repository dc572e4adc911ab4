package io.poolagent.testapp.cli;

/** The {@code --help} text; kept next to the parser so the two change together. */
public final class Usage {
  public static final String TEXT =
      String.join(
          "\n",
          "Usage: java -jar agent-testapp.jar --scenario NAME [options]",
          "",
          "A plain JDBC app with deliberate connection leaks, for pool-agent tests and demos.",
          "",
          "Scenarios:",
          "  no-leak         20 borrows, each closed: 0 leaks",
          "  method-leak     3 cursors returned open and kept: 3 leaks, open at exit",
          "  exception-leak  2 rejections thrown before close: 2 leaks, collected",
          "  executor-leak   4 tasks on import-worker threads park their connections:"
              + " 4 leaks, open at exit",
          "  async-leak      2 CompletableFuture stages keep their connections:"
              + " 2 leaks, open at exit",
          "  pool-exhausted  --pool-size exports hold every connection; one more request times"
              + " out, then they close: 0 leaks",
          "  pool-lost       2 connections dropped and collected, --pool-size less 2 exports hold"
              + " the rest; one more request times out; they hold for --hold, then close",
          "  long-hold       one connection held for --hold, then closed: a late return at most",
          "  dropped         2 connections dropped, then System.gc(): 2 leaks, collected",
          "  evicted         4 connections disposed of through the pool's own API (--via hikari,"
              + " dbcp2 or vibur), 3 never closed, then System.gc(): 0 leaks",
          "  load            --threads workers borrow, select, close for --duration: 0 leaks",
          "  demo            exception-leak, method-leak, executor-leak and long-hold in one run",
          "  soak            load for --duration; from the midpoint a slow leak (6 connections,"
              + " open at exit),",
          "                  at 70% a burst that takes every pooled connection for 6% of the run:"
              + " borrows time out",
          "",
          "Options:",
          "  --scenario NAME                 scenario to run (required)",
          "  --db h2|postgres|mariadb        database (default h2, or guessed from --url)",
          "  --via PATH                      how connections are borrowed (default"
              + " drivermanager; soak: hikari, a pool only):",
          "                                  drivermanager, datasource (the driver's own),",
          "                                  or a pool: hikari, dbcp2, tomcat (Tomcat JDBC),"
              + " c3p0,",
          "                                  agroal, vibur, ucp (Oracle UCP), druid;"
              + " named",
          "                                  testapp-<pool> where the pool takes a name",
          "  --threads N                     load, soak: worker threads (default 4)",
          "  --duration D                    load, soak: how long to run (default 5s; soak 2m,"
              + " at least 30s)",
          "  --warmup D                      load: run this long first, unmeasured (default 0)",
          "  --think D                       load, soak: pause between requests (default 0;"
              + " soak 20ms)",
          "  --hold D                        long-hold, pool-lost: how long to hold (default 2s)",
          "  --linger D                      sleep after the scenario, before exit (default 0)",
          "  --pool-size N                   pools: the most connections (default 10)",
          "  --borrow-timeout D              pools: how long a borrow waits for a free connection"
              + " (default 30s;",
          "                                  soak: 1s, at most a fiftieth of --duration)",
          "  --url U --user U --password P   override the database's defaults",
          "  --virtual-threads               executor-leak, async-leak: run the tasks on unnamed"
              + " virtual threads"
              + " (Java 21+)",
          "  --traced                        run the scenario inside a span of the app's own"
              + " OpenTelemetry API (traced when the OpenTelemetry Java agent is attached)",
          "  --await-stdin                   print 'testapp ready pid=<pid>', then wait for"
              + " a line on stdin",
          "  --help                          print this text",
          "",
          "Defaults per --db:",
          "  h2        jdbc:h2:mem:testapp;DB_CLOSE_DELAY=-1  user sa, empty password",
          "  postgres  jdbc:postgresql://127.0.0.1:5432/test  user postgres, empty password",
          "  mariadb   jdbc:mariadb://127.0.0.1:3306/test     user root, empty password",
          "",
          "Durations: 500ms, 10s, 2m (or 0). Options also accept --name=value.",
          "Exit codes: 0 done, 1 scenario failed, 2 bad option, 3 database unreachable.");

  private Usage() {}
}
