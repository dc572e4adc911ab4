package io.poolagent.testapp.cli;

import io.poolagent.testapp.db.DbKind;
import io.poolagent.testapp.db.Via;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the command line into {@link Options}. Every rejection names the option and what it
 * accepts, because the caller is usually a test or a script whose author only sees one line.
 */
public final class OptionsParser {
  private static final Set<String> FLAGS =
      Set.of("--await-stdin", "--virtual-threads", "--traced", "--help", "-h");
  private static final Set<String> VALUED =
      Set.of(
          "--scenario", "--db", "--via", "--threads", "--duration", "--warmup", "--think", "--hold",
          "--linger", "--pool-size", "--borrow-timeout", "--url", "--user", "--password");

  private static final String SOAK = "soak";
  private static final Duration SOAK_DURATION = Duration.ofMinutes(2);
  private static final Duration SOAK_MIN_DURATION = Duration.ofSeconds(30);
  private static final int SOAK_BURST_ROOM = 50;

  private final Collection<String> scenarios;

  public OptionsParser(Collection<String> scenarios) {
    this.scenarios = scenarios;
  }

  public Options parse(String... args) throws UsageException {
    Map<String, String> values = new HashMap<>();
    boolean help = false;
    boolean awaitStdin = false;
    boolean virtualThreads = false;
    boolean traced = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      if (FLAGS.contains(name)) {
        if (!name.equals(arg)) {
          throw new UsageException(name + " takes no value");
        }
        awaitStdin |= name.equals("--await-stdin");
        virtualThreads |= name.equals("--virtual-threads");
        traced |= name.equals("--traced");
        help |= name.equals("--help") || name.equals("-h");
      } else if (VALUED.contains(name)) {
        if (!name.equals(arg)) {
          values.put(name, arg.substring(eq + 1));
        } else if (i + 1 < args.length) {
          values.put(name, args[++i]);
        } else {
          throw new UsageException(name + " needs a value; accepted: " + acceptedFor(name));
        }
      } else {
        throw new UsageException(
            "unknown option '" + arg + "'; accepted: "
                + VALUED.stream().sorted().collect(Collectors.joining(" "))
                + " --await-stdin --virtual-threads --traced --help");
      }
    }
    String scenario = values.get("--scenario");
    if (!help && scenario == null) {
      throw new UsageException("--scenario is required; accepted: " + acceptedFor("--scenario"));
    }
    if (scenario != null && !scenarios.contains(scenario)) {
      throw bad("--scenario", scenario);
    }
    return resolve(help, scenario, awaitStdin, virtualThreads, traced, values);
  }

  private Options resolve(
      boolean help,
      String scenario,
      boolean awaitStdin,
      boolean virtualThreads,
      boolean traced,
      Map<String, String> values)
      throws UsageException {
    String url = values.get("--url");
    DbKind db;
    if (values.containsKey("--db")) {
      db = choice("--db", values.get("--db"), DbKind.values(), DbKind::optionValue);
    } else {
      // A bare --url already says which driver it needs; requiring --db too only invites a
      // mismatch between the two.
      db = url == null ? DbKind.H2 : DbKind.fromUrl(url).orElse(DbKind.H2);
    }
    boolean soak = SOAK.equals(scenario);
    Via via =
        values.containsKey("--via")
            ? choice("--via", values.get("--via"), Via.values(), Via::optionValue)
            : soak ? Via.HIKARI : Via.DRIVER_MANAGER;
    Duration run =
        duration(values, "--duration", soak ? SOAK_DURATION : Duration.ofSeconds(5), true);
    Options options =
        new Options(
            help,
            scenario,
            db,
            via,
            positiveInt(values, "--threads", 4),
            run,
            duration(values, "--warmup", Duration.ZERO, false),
            // A soak is a service's traffic, not a benchmark's: paced, leaving the CPU to others.
            duration(values, "--think", soak ? Duration.ofMillis(20) : Duration.ZERO, false),
            duration(values, "--hold", Duration.ofSeconds(2), false),
            duration(values, "--linger", Duration.ZERO, false),
            positiveInt(values, "--pool-size", 10),
            // HikariCP's default, given to every pool: several wait forever by default (c3p0,
            // Druid, Agroal), which would turn an exhausted pool into a test app that hangs. A
            // soak's burst must see borrows time out many times over: a second at most.
            duration(
                values,
                "--borrow-timeout",
                soak ? soakBorrowTimeout(run) : Duration.ofSeconds(30),
                true),
            url != null ? url : db.defaultUrl(),
            values.getOrDefault("--user", db.defaultUser()),
            values.getOrDefault("--password", db.defaultPassword()),
            awaitStdin,
            virtualThreads,
            traced);
    if (soak) {
      checkSoak(options, values);
    }
    return options;
  }

  private static Duration soakBorrowTimeout(Duration run) {
    Duration most = run.dividedBy(SOAK_BURST_ROOM);
    return most.compareTo(Duration.ofSeconds(1)) < 0 ? most : Duration.ofSeconds(1);
  }

  /**
   * The soak is about a pool running dry, which a path that does not pool never does. Its moments
   * are fractions of its duration: too short a run has no room for them, and a borrow timeout
   * longer than a fiftieth of the run would stretch the exhaustion burst into the leak that
   * resumes after it.
   */
  private static void checkSoak(Options options, Map<String, String> values)
      throws UsageException {
    if (!options.via().pools()) {
      throw new UsageException(
          "--via: bad value '" + values.get("--via") + "' for --scenario soak; accepted: a pool: "
              + Arrays.stream(Via.values())
                  .filter(Via::pools)
                  .map(Via::optionValue)
                  .collect(Collectors.joining(", ")));
    }
    Duration run = options.duration();
    if (run.compareTo(SOAK_MIN_DURATION) < 0) {
      throw new UsageException(
          "--duration: bad value '" + values.get("--duration") + "' for --scenario soak;"
              + " accepted: at least " + SOAK_MIN_DURATION.toSeconds() + "s");
    }
    Duration most = run.dividedBy(SOAK_BURST_ROOM);
    if (options.borrowTimeout().compareTo(most) > 0) {
      throw new UsageException(
          "--borrow-timeout: bad value '"
              + values.getOrDefault("--borrow-timeout", Durations.format(options.borrowTimeout()))
              + "' for --scenario soak --duration " + Durations.format(run) + "; accepted: at most "
              + Durations.format(most) + " (a fiftieth of --duration)");
    }
  }

  private <T> T choice(String option, String value, T[] all, Function<T, String> name)
      throws UsageException {
    for (T candidate : all) {
      if (name.apply(candidate).equals(value)) {
        return candidate;
      }
    }
    throw bad(option, value);
  }

  private int positiveInt(Map<String, String> values, String option, int fallback)
      throws UsageException {
    String text = values.get(option);
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same message as a non-positive number.
    }
    throw bad(option, text);
  }

  private Duration duration(
      Map<String, String> values, String option, Duration fallback, boolean positive)
      throws UsageException {
    String text = values.get(option);
    if (text == null) {
      return fallback;
    }
    Duration d = Durations.parse(text);
    if (d == null || (positive && d.isZero())) {
      throw bad(option, text);
    }
    return d;
  }

  private UsageException bad(String option, String value) {
    return new UsageException(
        option + ": bad value '" + value + "'; accepted: " + acceptedFor(option));
  }

  private String acceptedFor(String option) {
    switch (option) {
      case "--scenario":
        return String.join(", ", scenarios);
      case "--db":
        return Arrays.stream(DbKind.values())
            .map(DbKind::optionValue)
            .collect(Collectors.joining(", "));
      case "--via":
        return Arrays.stream(Via.values()).map(Via::optionValue).collect(Collectors.joining(", "));
      case "--threads":
      case "--pool-size":
        return "a positive integer";
      case "--duration":
      case "--borrow-timeout":
        return "a positive " + Durations.ACCEPTED.substring("a ".length());
      case "--warmup":
      case "--think":
      case "--hold":
      case "--linger":
        return Durations.ACCEPTED;
      default:
        return "any text";
    }
  }
}
