package io.poolagent.testapp.cli;

import io.poolagent.testapp.db.DbKind;
import io.poolagent.testapp.db.Via;
import java.time.Duration;

/**
 * The parsed command line. {@code url}, {@code user} and {@code password} are already resolved
 * against the defaults of {@code db}.
 */
public record Options(
    boolean help,
    String scenario,
    DbKind db,
    Via via,
    int threads,
    Duration duration,
    Duration warmup,
    Duration think,
    Duration hold,
    Duration linger,
    int poolSize,
    Duration borrowTimeout,
    String url,
    String user,
    String password,
    boolean awaitStdin,
    boolean virtualThreads,
    boolean traced) {}
