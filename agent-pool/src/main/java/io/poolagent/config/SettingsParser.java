package io.poolagent.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the settings from the three places users give them, highest precedence first: the agent
 * argument ({@code -javaagent:pool-agent.jar=key=value,key=value}), system properties ({@code
 * -Dpool.agent.key=value}) and environment variables ({@code POOL_AGENT_KEY=value}, the key in upper
 * snake case: {@code leakThreshold} is {@code POOL_AGENT_LEAK_THRESHOLD}).
 *
 * <p>Every value is validated here, once, at start: an unknown key or a bad value is an {@link
 * InvalidSettingException} whose message names the key, the source and the accepted values.
 */
public final class SettingsParser {

  public static final String SYSTEM_PROPERTY_PREFIX = "pool.agent.";
  public static final String ENV_PREFIX = "POOL_AGENT_";

  /** Every key, its default and what it accepts; in the order of docs/settings.md and --help. */
  public enum Key {
    MODE(
        "mode",
        "observe",
        "observe (track only) or manage (also pool the connections of DataSources that do not"
            + " pool, and of DriverManager)"),
    LEAK_THRESHOLD("leakThreshold", "30s", Durations.ACCEPTED + ", from 10ms to 24h"),
    STACK_DEPTH("stackDepth", "64", "a whole number from 1 to 1024"),
    STACK_SAMPLE_RATE("stackSampleRate", "1.0", "a number from 0 to 1 (0 = no borrow stacks)"),
    CALL_SITE_SKIP(
        "callSiteSkip",
        "none",
        "none, or class-name prefixes separated by ';' (e.g. +com.acme.dal.;-org.jooq.), each"
            + " with + (never the call site) or - (may be the call site)"),
    REPORT("report", "pool-agent-report.json", ReportPath.ACCEPTED),
    REPORT_INTERVAL(
        "reportInterval",
        "1m",
        "0 (the report at exit only), or " + Durations.ACCEPTED + ", from 1s to 24h"),
    LOG_LEVEL("logLevel", "info", "off, error, warn, info or debug"),
    SPANS("spans", "leaks", "leaks (a span per leak) or all (also a span per lease)"),
    POOL_MAX_SIZE("pool.maxSize", "50", "a whole number from 1 to 10000"),
    POOL_MIN_IDLE("pool.minIdle", "2", "a whole number from 0 to pool.maxSize"),
    POOL_CONNECTION_TIMEOUT(
        "pool.connectionTimeout", "30s", Durations.ACCEPTED + ", from 250ms to 24h"),
    POOL_IDLE_TIMEOUT("pool.idleTimeout", "10m", Durations.ACCEPTED + ", 0ms (never) or from 10s"),
    POOL_MAX_LIFETIME("pool.maxLifetime", "30m", Durations.ACCEPTED + ", 0ms (never) or from 30s"),
    POOL_VALIDATION_TIMEOUT(
        "pool.validationTimeout",
        "5s",
        Durations.ACCEPTED + ", from 250ms to less than pool.connectionTimeout");

    public final String name;
    public final String defaultValue;
    public final String accepted;

    Key(String name, String defaultValue, String accepted) {
      this.name = name;
      this.defaultValue = defaultValue;
      this.accepted = accepted;
    }

    /** {@code leakThreshold} -> {@code POOL_AGENT_LEAK_THRESHOLD}. */
    public String envName() {
      return ENV_PREFIX + name.replace(".", "_").replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    static Key byName(String name) {
      for (Key key : values()) {
        if (key.name.equals(name)) {
          return key;
        }
      }
      return null;
    }

    static Key byEnvName(String envName) {
      for (Key key : values()) {
        if (key.envName().equals(envName)) {
          return key;
        }
      }
      return null;
    }
  }

  private SettingsParser() {}

  /** Parses from the real sources of this JVM. */
  public static AgentSettings fromEnvironment(String agentArgs) throws InvalidSettingException {
    Map<String, String> props = new LinkedHashMap<>();
    for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
      props.put(String.valueOf(property.getKey()), String.valueOf(property.getValue()));
    }
    return parse(agentArgs, props, System.getenv());
  }

  /**
   * @param agentArgs the {@code -javaagent} argument, {@code key=value} pairs separated by commas;
   *     null or blank for none
   * @param systemProperties all system properties; only those under {@code pool.agent.} are read
   * @param env all environment variables; only those under {@code POOL_AGENT_} are read
   */
  public static AgentSettings parse(
      String agentArgs, Map<String, String> systemProperties, Map<String, String> env)
      throws InvalidSettingException {
    Map<Key, String> values = new LinkedHashMap<>();
    Map<Key, String> sources = new LinkedHashMap<>();
    // Lowest precedence first, so that later sources overwrite.
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith(ENV_PREFIX)) {
        Key key = Key.byEnvName(e.getKey());
        if (key == null) {
          throw unknown(e.getKey(), "environment variable", true);
        }
        values.put(key, e.getValue());
        sources.put(key, "environment variable " + e.getKey());
      }
    }
    for (Map.Entry<String, String> e : systemProperties.entrySet()) {
      if (e.getKey().startsWith(SYSTEM_PROPERTY_PREFIX)) {
        String name = e.getKey().substring(SYSTEM_PROPERTY_PREFIX.length());
        Key key = Key.byName(name);
        if (key == null) {
          throw unknown(e.getKey(), "system property", false);
        }
        values.put(key, e.getValue());
        sources.put(key, "system property " + e.getKey());
      }
    }
    if (agentArgs != null && !agentArgs.isBlank()) {
      for (String pair : agentArgs.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq < 0 && isSkipEntry(pair)) {
          // Most likely callSiteSkip's entries separated by commas, which split the argument.
          throw new InvalidSettingException(
              "agent argument '"
                  + pair.trim()
                  + "' is not key=value: callSiteSkip separates its prefixes with ';', not ',';"
                  + " accepted: "
                  + Key.CALL_SITE_SKIP.accepted);
        }
        if (eq <= 0) {
          throw new InvalidSettingException(
              "agent argument '" + pair.trim() + "' is not key=value; settings: " + keyList());
        }
        String name = pair.substring(0, eq).trim();
        Key key = Key.byName(name);
        if (key == null) {
          throw unknown(name, "agent argument", false);
        }
        values.put(key, pair.substring(eq + 1).trim());
        sources.put(key, "agent argument " + name);
      }
    }
    return new Validator(values, sources).settings();
  }

  private static boolean isSkipEntry(String pair) {
    String trimmed = pair.trim();
    return trimmed.startsWith("+") || trimmed.startsWith("-");
  }

  private static InvalidSettingException unknown(String given, String where, boolean env) {
    StringBuilder names = new StringBuilder();
    for (Key key : Key.values()) {
      names.append(names.length() == 0 ? "" : ", ").append(env ? key.envName() : key.name);
    }
    return new InvalidSettingException(
        "unknown setting " + given + " (" + where + "); known settings: " + names);
  }

  private static String keyList() {
    StringBuilder names = new StringBuilder();
    for (Key key : Key.values()) {
      names.append(names.length() == 0 ? "" : ", ").append(key.name);
    }
    return names.toString();
  }

  /** Turns the raw text of each key into a typed value, failing on the first bad one. */
  private static final class Validator {
    private final Map<Key, String> values;
    private final Map<Key, String> sources;

    Validator(Map<Key, String> values, Map<Key, String> sources) {
      this.values = values;
      this.sources = sources;
    }

    AgentSettings settings() throws InvalidSettingException {
      String mode = text(Key.MODE);
      if (!mode.equals("observe") && !mode.equals("manage")) {
        throw bad(Key.MODE);
      }
      Duration threshold = Durations.parse(text(Key.LEAK_THRESHOLD));
      if (threshold == null
          || threshold.toMillis() < 10
          || threshold.compareTo(Duration.ofHours(24)) > 0) {
        throw bad(Key.LEAK_THRESHOLD);
      }
      int stackDepth = integer(Key.STACK_DEPTH, 1, 1024);
      double sampleRate;
      try {
        sampleRate = Double.parseDouble(text(Key.STACK_SAMPLE_RATE));
      } catch (NumberFormatException e) {
        throw bad(Key.STACK_SAMPLE_RATE);
      }
      if (!(sampleRate >= 0 && sampleRate <= 1)) {
        throw bad(Key.STACK_SAMPLE_RATE);
      }
      CallSiteSkip callSiteSkip = CallSiteSkip.parse(text(Key.CALL_SITE_SKIP));
      if (callSiteSkip == null) {
        throw bad(Key.CALL_SITE_SKIP);
      }
      String report = text(Key.REPORT);
      if (report.isEmpty() || !ReportPath.valid(report)) {
        throw bad(Key.REPORT);
      }
      Duration reportInterval =
          text(Key.REPORT_INTERVAL).equals("0")
              ? Duration.ZERO
              : duration(Key.REPORT_INTERVAL, 1_000, true);
      LogLevel logLevel;
      try {
        logLevel = LogLevel.valueOf(text(Key.LOG_LEVEL).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw bad(Key.LOG_LEVEL);
      }
      String spans = text(Key.SPANS);
      if (!spans.equals("leaks") && !spans.equals("all")) {
        throw bad(Key.SPANS);
      }
      return new AgentSettings(
          mode,
          managedPool(),
          threshold,
          stackDepth,
          sampleRate,
          callSiteSkip,
          report.equalsIgnoreCase("none") ? null : report,
          reportInterval,
          logLevel,
          spans.equals("all"));
    }

    /**
     * The managed pool's bounds, checked against each other too. The lower limits are the pool
     * engine's own (HikariCP's): below them it would silently substitute its defaults.
     */
    private ManagedPoolSettings managedPool() throws InvalidSettingException {
      int maxSize = integer(Key.POOL_MAX_SIZE, 1, 10_000);
      // The default, 2, gives way to a smaller maximum; a minIdle given explicitly must fit.
      int minIdle =
          values.containsKey(Key.POOL_MIN_IDLE)
              ? integer(Key.POOL_MIN_IDLE, 0, maxSize)
              : Math.min(integer(Key.POOL_MIN_IDLE, 0, 10_000), maxSize);
      Duration connectionTimeout = duration(Key.POOL_CONNECTION_TIMEOUT, 250, false);
      Duration idleTimeout = duration(Key.POOL_IDLE_TIMEOUT, 10_000, true);
      Duration maxLifetime = duration(Key.POOL_MAX_LIFETIME, 30_000, true);
      Duration validationTimeout = duration(Key.POOL_VALIDATION_TIMEOUT, 250, false);
      if (validationTimeout.compareTo(connectionTimeout) >= 0) {
        if (values.containsKey(Key.POOL_VALIDATION_TIMEOUT)) {
          throw bad(Key.POOL_VALIDATION_TIMEOUT);
        }
        // Only the default is too long for a short connection timeout: half of it is checked
        // quickly enough, and never under the engine's 250 ms.
        validationTimeout = Duration.ofMillis(Math.max(250, connectionTimeout.toMillis() / 2));
      }
      return new ManagedPoolSettings(
          maxSize, minIdle, connectionTimeout, idleTimeout, maxLifetime, validationTimeout);
    }

    private Duration duration(Key key, long minMillis, boolean zeroAllowed)
        throws InvalidSettingException {
      Duration value = Durations.parse(text(key));
      if (value == null
          || value.compareTo(Duration.ofHours(24)) > 0
          || (value.toMillis() < minMillis && !(zeroAllowed && value.isZero()))) {
        throw bad(key);
      }
      return value;
    }

    private String text(Key key) {
      return values.getOrDefault(key, key.defaultValue).trim();
    }

    private int integer(Key key, int min, int max) throws InvalidSettingException {
      try {
        int value = Integer.parseInt(text(key));
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with the accepted values
      }
      throw bad(key);
    }

    private InvalidSettingException bad(Key key) {
      return new InvalidSettingException(
          "invalid "
              + key.name
              + "='"
              + text(key)
              + "' ("
              + sources.getOrDefault(key, "default")
              + "); accepted: "
              + key.accepted);
    }
  }
}
