package io.poolagent.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's effective settings, validated. See {@link SettingsParser} for where they come from
 * and docs/settings.md for what each one means.
 *
 * @param pool the managed pool's bounds; used only with {@code mode=manage}
 * @param callSiteSkip the user's additions to and removals from the frames that are never a call
 *     site
 * @param report where the JSON report goes at exit, or null for none
 * @param reportInterval how often the report is rewritten as a checkpoint while the JVM runs;
 *     zero: at exit only
 * @param spanPerLease {@code spans=all}: a span for every lease, not only for leaks
 */
public record AgentSettings(
    String mode,
    ManagedPoolSettings pool,
    Duration leakThreshold,
    int stackDepth,
    double stackSampleRate,
    CallSiteSkip callSiteSkip,
    String report,
    Duration reportInterval,
    LogLevel logLevel,
    boolean spanPerLease) {

  public static AgentSettings defaults() {
    try {
      return SettingsParser.parse("", Map.of(), Map.of());
    } catch (InvalidSettingException e) {
      throw new AssertionError("the defaults are valid", e);
    }
  }

  /** {@code mode=manage}: DataSources that do not pool are routed through the managed pool. */
  public boolean manage() {
    return mode.equals("manage");
  }

  /** The settings as the report shows them, in docs/settings.md's words. */
  public Map<String, String> asText() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("mode", mode);
    text.put("leakThreshold", Durations.format(leakThreshold));
    text.put("stackDepth", Integer.toString(stackDepth));
    text.put("stackSampleRate", Double.toString(stackSampleRate));
    text.put("callSiteSkip", callSiteSkip.asText());
    text.put("report", report == null ? "none" : report);
    text.put("reportInterval", reportInterval.isZero() ? "0" : Durations.format(reportInterval));
    text.put("logLevel", logLevel.name().toLowerCase(java.util.Locale.ROOT));
    text.put("spans", spanPerLease ? "all" : "leaks");
    if (manage()) {
      pool.asText(text);
    }
    return text;
  }
}
