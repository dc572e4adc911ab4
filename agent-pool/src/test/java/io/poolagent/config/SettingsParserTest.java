package io.poolagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsParserTest {

  private static final String KNOWN_KEYS =
      "mode, leakThreshold, stackDepth, stackSampleRate, callSiteSkip, report, reportInterval,"
          + " logLevel, spans, pool.maxSize, pool.minIdle, pool.connectionTimeout,"
          + " pool.idleTimeout, pool.maxLifetime, pool.validationTimeout";
  private static final String KNOWN_ENV_NAMES =
      "POOL_AGENT_MODE, POOL_AGENT_LEAK_THRESHOLD, POOL_AGENT_STACK_DEPTH,"
          + " POOL_AGENT_STACK_SAMPLE_RATE, POOL_AGENT_CALL_SITE_SKIP, POOL_AGENT_REPORT,"
          + " POOL_AGENT_REPORT_INTERVAL, POOL_AGENT_LOG_LEVEL, POOL_AGENT_SPANS,"
          + " POOL_AGENT_POOL_MAX_SIZE, POOL_AGENT_POOL_MIN_IDLE,"
          + " POOL_AGENT_POOL_CONNECTION_TIMEOUT,"
          + " POOL_AGENT_POOL_IDLE_TIMEOUT, POOL_AGENT_POOL_MAX_LIFETIME,"
          + " POOL_AGENT_POOL_VALIDATION_TIMEOUT";

  @Test
  void defaultsWhenNothingIsGiven() throws Exception {
    AgentSettings settings = SettingsParser.parse(null, Map.of(), Map.of());

    assertThat(settings.mode()).isEqualTo("observe");
    assertThat(settings.leakThreshold()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.stackDepth()).isEqualTo(64);
    assertThat(settings.stackSampleRate()).isEqualTo(1.0);
    assertThat(settings.report()).isEqualTo("pool-agent-report.json");
    assertThat(settings.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(SettingsParser.parse("  ", Map.of(), Map.of())).isEqualTo(settings);
    assertThat(AgentSettings.defaults()).isEqualTo(settings);
  }

  @Test
  void defaultsReadAsTheReadmeWritesThem() {
    assertThat(AgentSettings.defaults().asText())
        .containsExactly(
            entry("mode", "observe"),
            entry("leakThreshold", "30s"),
            entry("stackDepth", "64"),
            entry("stackSampleRate", "1.0"),
            entry("callSiteSkip", "none"),
            entry("report", "pool-agent-report.json"),
            entry("reportInterval", "1m"),
            entry("logLevel", "info"),
            entry("spans", "leaks"));
  }

  @Test
  void reportIntervalIsZeroOrFromASecond() throws InvalidSettingException {
    assertThat(AgentSettings.defaults().reportInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(SettingsParser.parse("reportInterval=0", Map.of(), Map.of()).reportInterval())
        .isZero();
    assertThatThrownBy(() -> SettingsParser.parse("reportInterval=500ms", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("invalid reportInterval='500ms'")
        .hasMessageContaining("0 (the report at exit only), or a whole number with a unit");
  }

  @Test
  void spansAreLeaksOrAll() throws InvalidSettingException {
    assertThat(AgentSettings.defaults().spanPerLease()).isFalse();
    assertThat(SettingsParser.parse("spans=all", Map.of(), Map.of()).spanPerLease()).isTrue();
    assertThatThrownBy(() -> SettingsParser.parse("spans=some", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("invalid spans='some'")
        .hasMessageContaining("leaks (a span per leak) or all");
  }

  @Test
  void unrelatedSystemPropertiesAndEnvironmentVariablesAreIgnored() throws Exception {
    AgentSettings settings =
        SettingsParser.parse(
            "",
            Map.of("java.version", "17", "poolagent.leakThreshold", "1s", "pool.agentX", "y"),
            Map.of("PATH", "/usr/bin", "POOL_AGENTLEAK_THRESHOLD", "1s", "OTEL_SERVICE_NAME", "x"));

    assertThat(settings).isEqualTo(AgentSettings.defaults());
  }

  @ParameterizedTest(name = "{0}={2}")
  @CsvSource({
    "mode, POOL_AGENT_MODE, observe, observe",
    "leakThreshold, POOL_AGENT_LEAK_THRESHOLD, 500ms, 500ms",
    "stackDepth, POOL_AGENT_STACK_DEPTH, 128, 128",
    "stackSampleRate, POOL_AGENT_STACK_SAMPLE_RATE, 0.25, 0.25",
    "report, POOL_AGENT_REPORT, build/leaks.json, build/leaks.json",
    "report, POOL_AGENT_REPORT, target/pool-agent/report-%p-%u.json, target/pool-agent/report-%p-%u.json",
    "reportInterval, POOL_AGENT_REPORT_INTERVAL, 30s, 30s",
    "reportInterval, POOL_AGENT_REPORT_INTERVAL, 0, 0",
    "logLevel, POOL_AGENT_LOG_LEVEL, debug, debug",
    "callSiteSkip, POOL_AGENT_CALL_SITE_SKIP, +com.acme.dal.;-org.jooq., +com.acme.dal.;-org.jooq.",
  })
  void everyKeyIsReadFromEverySource(String key, String envName, String value, String effective)
      throws Exception {
    AgentSettings fromArgs = SettingsParser.parse(key + "=" + value, Map.of(), Map.of());
    AgentSettings fromProperty =
        SettingsParser.parse(null, Map.of("pool.agent." + key, value), Map.of());
    AgentSettings fromEnv = SettingsParser.parse(null, Map.of(), Map.of(envName, value));

    assertThat(fromArgs.asText()).containsEntry(key, effective);
    assertThat(fromProperty.asText()).containsEntry(key, effective);
    assertThat(fromEnv.asText()).containsEntry(key, effective);
  }

  @Test
  void typedValuesFromEachSource() throws Exception {
    AgentSettings settings =
        SettingsParser.parse(
            "leakThreshold=2m, logLevel=warn",
            Map.of("pool.agent.stackDepth", "8", "pool.agent.report", "none"),
            Map.of("POOL_AGENT_STACK_SAMPLE_RATE", "0"));

    assertThat(settings.leakThreshold()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.logLevel()).isEqualTo(LogLevel.WARN);
    assertThat(settings.stackDepth()).isEqualTo(8);
    assertThat(settings.report()).isNull();
    assertThat(settings.stackSampleRate()).isZero();
  }

  @Test
  void agentArgumentsBeatSystemPropertiesWhichBeatTheEnvironment() throws Exception {
    Map<String, String> env = Map.of("POOL_AGENT_LEAK_THRESHOLD", "1m");
    Map<String, String> props = Map.of("pool.agent.leakThreshold", "2m");

    assertThat(SettingsParser.parse("leakThreshold=3m", props, env).leakThreshold())
        .isEqualTo(Duration.ofMinutes(3));
    assertThat(SettingsParser.parse(null, props, env).leakThreshold())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(SettingsParser.parse(null, Map.of(), env).leakThreshold())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void eachKeyKeepsItsOwnSource() throws Exception {
    AgentSettings settings =
        SettingsParser.parse(
            "stackDepth=16",
            Map.of("pool.agent.stackDepth", "32", "pool.agent.logLevel", "error"),
            Map.of("POOL_AGENT_STACK_DEPTH", "48", "POOL_AGENT_LEAK_THRESHOLD", "5s"));

    assertThat(settings.stackDepth()).isEqualTo(16);
    assertThat(settings.logLevel()).isEqualTo(LogLevel.ERROR);
    assertThat(settings.leakThreshold()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void reportNoneMeansNoFile() throws Exception {
    assertThat(SettingsParser.parse("report=none", Map.of(), Map.of()).report()).isNull();
    assertThat(SettingsParser.parse("report=NONE", Map.of(), Map.of()).report()).isNull();
    assertThat(SettingsParser.parse("report=none", Map.of(), Map.of()).asText())
        .containsEntry("report", "none");
  }

  @Test
  void agentArgumentsTolerateSpacesAndEmptyPairs() throws Exception {
    AgentSettings settings =
        SettingsParser.parse(" leakThreshold = 10s ,, stackDepth=4 ,", Map.of(), Map.of());

    assertThat(settings.leakThreshold()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.stackDepth()).isEqualTo(4);
  }

  @Test
  void boundariesAreAccepted() throws Exception {
    AgentSettings low =
        SettingsParser.parse(
            "leakThreshold=10ms,stackDepth=1,stackSampleRate=0", Map.of(), Map.of());
    AgentSettings high =
        SettingsParser.parse("stackDepth=1024,stackSampleRate=1", Map.of(), Map.of());

    assertThat(low.leakThreshold()).isEqualTo(Duration.ofMillis(10));
    assertThat(low.stackDepth()).isEqualTo(1);
    assertThat(low.stackSampleRate()).isZero();
    assertThat(high.stackDepth()).isEqualTo(1024);
    assertThat(high.stackSampleRate()).isEqualTo(1.0);
  }

  @Test
  void unknownAgentArgumentNamesTheKeyAndListsTheKnownOnes() {
    assertThatThrownBy(() -> SettingsParser.parse("leakTreshold=10s", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("unknown setting leakTreshold (agent argument); known settings: " + KNOWN_KEYS);
  }

  @Test
  void unknownSystemPropertyNamesTheKeyAndListsTheKnownOnes() {
    assertThatThrownBy(
            () -> SettingsParser.parse(null, Map.of("pool.agent.leakTreshold", "10s"), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "unknown setting pool.agent.leakTreshold (system property); known settings: "
                + KNOWN_KEYS);
  }

  @Test
  void unknownEnvironmentVariableNamesTheKeyAndListsTheKnownOnes() {
    assertThatThrownBy(
            () -> SettingsParser.parse(null, Map.of(), Map.of("POOL_AGENT_LEAK_TRESHOLD", "10s")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "unknown setting POOL_AGENT_LEAK_TRESHOLD (environment variable); known settings: "
                + KNOWN_ENV_NAMES);
  }

  @Test
  void agentArgumentWithoutValueIsRejected() {
    assertThatThrownBy(() -> SettingsParser.parse("leakThreshold", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("agent argument 'leakThreshold' is not key=value; settings: " + KNOWN_KEYS);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "leakThreshold   | abc    | 500ms, 10s, 2m",
        "leakThreshold   | 5ms    | from 10ms to 24h",
        "leakThreshold   | 10     | ms, s, m or h",
        "leakThreshold   | 1.5s   | ms, s, m or h",
        "stackDepth      | 0      | a whole number from 1 to 1024",
        "stackDepth      | 1025   | a whole number from 1 to 1024",
        "stackDepth      | x      | a whole number from 1 to 1024",
        "stackSampleRate | 1.5    | a number from 0 to 1",
        "stackSampleRate | -1     | a number from 0 to 1",
        "stackSampleRate | x      | a number from 0 to 1",
        "stackSampleRate | NaN    | a number from 0 to 1",
        "logLevel        | loud   | off, error, warn, info or debug",
        "mode            | pool   | observe (track only) or manage",
        "pool.maxSize    | 0      | a whole number from 1 to 10000",
        "pool.minIdle    | -1     | a whole number from 0 to pool.maxSize",
        "pool.idleTimeout | 5s    | 0ms (never) or from 10s",
      })
  void badValueFromAgentArgumentsNamesKeyValueSourceAndAcceptedValues(
      String key, String value, String accepted) {
    assertThatThrownBy(() -> SettingsParser.parse(key + "=" + value, Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("invalid " + key + "='" + value + "' (agent argument " + key + ")")
        .hasMessageContaining("accepted: ")
        .hasMessageContaining(accepted);
  }

  @Test
  void badLeakThresholdMessageIsOneReadableLine() {
    assertThatThrownBy(() -> SettingsParser.parse("leakThreshold=5ms", Map.of(), Map.of()))
        .hasMessage(
            "invalid leakThreshold='5ms' (agent argument leakThreshold); accepted: a whole number"
                + " with a unit: ms, s, m or h (e.g. 500ms, 10s, 2m), from 10ms to 24h");
  }

  @Test
  void modeManageTakesThePoolBounds() throws Exception {
    AgentSettings settings =
        SettingsParser.parse(
            "mode=manage,pool.maxSize=20,pool.minIdle=0,pool.idleTimeout=0ms",
            Map.of("pool.agent.pool.connectionTimeout", "2s"),
            Map.of("POOL_AGENT_POOL_MAX_LIFETIME", "1h"));

    assertThat(settings.manage()).isTrue();
    assertThat(settings.pool())
        .isEqualTo(
            new ManagedPoolSettings(
                20,
                0,
                Duration.ofSeconds(2),
                Duration.ZERO,
                Duration.ofHours(1),
                // The default, 5s, would not be shorter than the connection timeout.
                Duration.ofSeconds(1)));
    assertThat(settings.asText())
        .containsEntry("mode", "manage")
        .containsEntry("pool.maxSize", "20")
        .containsEntry("pool.idleTimeout", "0ms");
  }

  @Test
  void managedPoolDefaultsAreTheDesignsDynamicTwoToFifty() {
    ManagedPoolSettings pool = AgentSettings.defaults().pool();

    assertThat(pool.maxSize()).isEqualTo(50);
    assertThat(pool.minIdle()).isEqualTo(2);
    assertThat(AgentSettings.defaults().manage()).isFalse();
    assertThat(AgentSettings.defaults().asText()).doesNotContainKey("pool.maxSize");
  }

  @Test
  void unknownModeNamesBothModes() {
    assertThatThrownBy(() -> SettingsParser.parse("mode=pool", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid mode='pool' (agent argument mode); accepted: observe (track only) or manage"
                + " (also pool the connections of DataSources that do not pool, and of"
                + " DriverManager)");
  }

  @Test
  void aMaxSizeBelowTheDefaultMinIdleLowersIt() throws Exception {
    assertThat(SettingsParser.parse("pool.maxSize=1", Map.of(), Map.of()).pool().minIdle())
        .isEqualTo(1);
  }

  @Test
  void minIdleAboveMaxSizeIsRejected() {
    assertThatThrownBy(
            () -> SettingsParser.parse("pool.maxSize=5,pool.minIdle=6", Map.of(), Map.of()))
        .hasMessage(
            "invalid pool.minIdle='6' (agent argument pool.minIdle); accepted: a whole number from"
                + " 0 to pool.maxSize");
  }

  @Test
  void poolDurationsBelowTheEnginesLimitsAreRejected() {
    assertThatThrownBy(() -> SettingsParser.parse("pool.maxLifetime=10s", Map.of(), Map.of()))
        .hasMessageStartingWith("invalid pool.maxLifetime='10s'")
        .hasMessageEndingWith("0ms (never) or from 30s");
    assertThatThrownBy(() -> SettingsParser.parse("pool.connectionTimeout=0ms", Map.of(), Map.of()))
        .hasMessageStartingWith("invalid pool.connectionTimeout='0ms'");
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    "pool.connectionTimeout=1s,pool.validationTimeout=1s", Map.of(), Map.of()))
        .hasMessageStartingWith("invalid pool.validationTimeout='1s'")
        .hasMessageEndingWith("from 250ms to less than pool.connectionTimeout");
  }

  @Test
  void emptyReportIsRejected() {
    assertThatThrownBy(() -> SettingsParser.parse("report=", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid report='' (agent argument report); accepted: a file path, or none; in the"
                + " file name %p is the process id, %u an id unique to the JVM, %% a literal %");
  }

  @Test
  void badValueFromASystemPropertyNamesTheProperty() {
    assertThatThrownBy(
            () -> SettingsParser.parse(null, Map.of("pool.agent.stackDepth", "1025"), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid stackDepth='1025' (system property pool.agent.stackDepth); accepted: a whole"
                + " number from 1 to 1024");
  }

  @Test
  void badValueFromTheEnvironmentNamesTheVariable() {
    assertThatThrownBy(
            () ->
                SettingsParser.parse(null, Map.of(), Map.of("POOL_AGENT_STACK_SAMPLE_RATE", "1.5")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid stackSampleRate='1.5' (environment variable POOL_AGENT_STACK_SAMPLE_RATE);"
                + " accepted: a number from 0 to 1 (0 = no borrow stacks)");
  }

  @Test
  void badValueFromTheEnvironmentForLeakThresholdNamesTheVariable() {
    assertThatThrownBy(
            () -> SettingsParser.parse(null, Map.of(), Map.of("POOL_AGENT_LEAK_THRESHOLD", "10")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(
            "invalid leakThreshold='10' (environment variable POOL_AGENT_LEAK_THRESHOLD);"
                + " accepted: ");
  }

  @Test
  void numberTooLongForADurationIsABadValueNotACrash() {
    assertThatThrownBy(
            () -> SettingsParser.parse("leakThreshold=99999999999999999999s", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("invalid leakThreshold='99999999999999999999s'");
  }

  @Test
  void callSiteSkipKeepsItsEntriesInOrder() throws Exception {
    AgentSettings settings =
        SettingsParser.parse("callSiteSkip= +com.acme.dal. ; -org.jooq. ;", Map.of(), Map.of());

    assertThat(settings.callSiteSkip().entries()).containsExactly("+com.acme.dal.", "-org.jooq.");
    assertThat(settings.asText()).containsEntry("callSiteSkip", "+com.acme.dal.;-org.jooq.");
    assertThat(AgentSettings.defaults().callSiteSkip()).isEqualTo(CallSiteSkip.NONE);
    assertThat(SettingsParser.parse("callSiteSkip=none", Map.of(), Map.of()).callSiteSkip())
        .isEqualTo(CallSiteSkip.NONE);
    assertThat(
            SettingsParser.parse(null, Map.of(), Map.of("POOL_AGENT_CALL_SITE_SKIP", ""))
                .callSiteSkip())
        .isEqualTo(CallSiteSkip.NONE);
  }

  @Test
  void callSiteSkipTakesClassNamePrefixesToo() throws Exception {
    assertThat(
            SettingsParser.parse(
                    "callSiteSkip=-com.zaxxer.hikari.pool.RampUpDown;+org.example.Dao$Inner",
                    Map.of(),
                    Map.of())
                .callSiteSkip()
                .entries())
        .containsExactly("-com.zaxxer.hikari.pool.RampUpDown", "+org.example.Dao$Inner");
  }

  @ParameterizedTest(name = "callSiteSkip={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "com.acme.dal.",
        "+",
        "+com..acme",
        "+.com.acme",
        "+com.acme.*",
        "+com.1acme.",
        "+com.acme. -org.jooq.",
        "+com.acme.;-com.acme.",
        "*"
      })
  void badCallSiteSkipNamesTheSettingAndTheAcceptedForm(String value) {
    assertThatThrownBy(() -> SettingsParser.parse("callSiteSkip=" + value, Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid callSiteSkip='"
                + value
                + "' (agent argument callSiteSkip); accepted: none, or class-name prefixes"
                + " separated by ';' (e.g. +com.acme.dal.;-org.jooq.), each with + (never the"
                + " call site) or - (may be the call site)");
  }

  @Test
  void callSiteSkipSeparatedByCommasInTheAgentArgumentSaysSo() {
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    "callSiteSkip=+com.acme.dal.,-org.jooq.,leakThreshold=5s", Map.of(), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "agent argument '-org.jooq.' is not key=value: callSiteSkip separates its prefixes"
                + " with ';', not ','; accepted: none, or class-name prefixes separated by ';'"
                + " (e.g. +com.acme.dal.;-org.jooq.), each with + (never the call site) or -"
                + " (may be the call site)");
  }

  @Test
  void callSiteSkipSeparatedByCommasInASystemPropertyIsABadValue() {
    assertThatThrownBy(
            () ->
                SettingsParser.parse(
                    null, Map.of("pool.agent.callSiteSkip", "+com.acme.dal.,-org.jooq."), Map.of()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(
            "invalid callSiteSkip='+com.acme.dal.,-org.jooq.' (system property"
                + " pool.agent.callSiteSkip); accepted: none, or class-name prefixes separated by"
                + " ';'");
  }
}
