package io.poolagent.report;

import io.poolagent.report.Report.Advice;
import io.poolagent.report.Report.Coverage;
import io.poolagent.report.Report.Exhaustion;
import io.poolagent.report.Report.Holder;
import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.LeftAlone;
import io.poolagent.report.Report.LoaderCoverage;
import io.poolagent.report.Report.Percentiles;
import io.poolagent.report.Report.PoolSummary;
import io.poolagent.report.Report.TimelinePoint;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The report's JSON form, which users script against: field names and order are the record
 * components' (nested records likewise), {@link Percentiles} is {@code
 * {count,p50,p95,p99,max}}, and millisecond values (and the advice's other fractions) carry at
 * most 3 decimals (microseconds; more would be noise). Reports whose such values already have at
 * most 3 decimals round-trip exactly.
 *
 * <p>Reading is strict about what it needs and lenient about the rest: a missing or mistyped field
 * or a newer {@code schemaVersion} is a {@link ReportFormatException}, unknown fields are ignored
 * so this reader accepts reports of later versions that only added fields. String fields may be
 * {@code null}. Fields added since schema version 1 (a pool's {@code advice}, {@code evicted},
 * {@code timeline} and {@code exhaustions}, the report's {@code coverage} and {@code final}) are optional, so reports
 * written before them still read, as without them (no advice, 0 evicted, no timeline or
 * exhaustions, no coverage, final).
 */
public final class ReportJson {

  private static final int MILLIS_DECIMALS = 3;

  private ReportJson() {}

  /** Pretty-printed with a 2-space indent, no trailing newline. */
  public static String toJson(Report report) {
    return Json.write(tree(report));
  }

  /**
   * Writes the report to {@code file}, creating its parent directories. The JSON goes to a
   * temporary file in the same directory first and is then moved over {@code file}, so a reader
   * (a CI step polling for the file, {@code check}) sees either no report or all of it.
   */
  public static void write(Report report, Path file) throws IOException {
    AtomicFile.write(file, (toJson(report) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a report file.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if the file cannot be read
   * @throws ReportFormatException if it is not a report this version can read; the message starts
   *     with {@code file}
   */
  public static Report read(Path file) throws IOException, ReportFormatException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ReportFormatException(file.toString(), "not UTF-8 text, so not a report", e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses report JSON that does not come from a file.
   *
   * @throws ReportFormatException if it is not a report this version can read
   */
  public static Report parse(String json) throws ReportFormatException {
    return parse(json, "report JSON");
  }

  static Report parse(String json, String source) throws ReportFormatException {
    Object document;
    try {
      document = Json.parse(json);
    } catch (JsonParseException e) {
      throw new ReportFormatException(source, "not valid JSON: " + e.getMessage(), e);
    }
    JsonFields root = JsonFields.root(source, document);
    // First, so a newer layout is reported as such rather than as some missing field.
    int schemaVersion = root.intValue("schemaVersion");
    if (schemaVersion > Report.SCHEMA_VERSION) {
      throw root.invalid(
          "schemaVersion",
          "is " + schemaVersion + ": the report was written by a newer pool-agent; this one reads"
              + " up to version " + Report.SCHEMA_VERSION);
    }
    if (schemaVersion < 1) {
      throw root.invalid("schemaVersion", "must be at least 1, found " + schemaVersion);
    }
    return new Report(
        schemaVersion,
        root.string("agentVersion"),
        root.string("generatedAt"),
        root.longValue("pid"),
        root.string("javaVersion"),
        root.longValue("uptimeMillis"),
        root.stringMap("settings"),
        root.objectList("leakSites", ReportJson::leakSite),
        root.objectList("leaks", ReportJson::leak),
        root.longValue("leaksOmitted"),
        root.objectList("pools", ReportJson::pool),
        coverage(root.optionalObject("coverage")),
        root.optionalBoolean("final", true));
  }

  /** Reports written before coverage existed have none. */
  private static Coverage coverage(JsonFields f) throws ReportFormatException {
    if (f == null) {
      return null;
    }
    return new Coverage(
        f.booleanValue("complete"),
        f.longValue("wovenClasses"),
        f.longValue("leftAloneClasses"),
        f.longValue("failedCalls"),
        f.objectList("loaders", ReportJson::loaderCoverage));
  }

  private static LoaderCoverage loaderCoverage(JsonFields f) throws ReportFormatException {
    return new LoaderCoverage(
        f.string("loader"),
        f.longValue("woven"),
        f.stringList("wovenClasses"),
        f.longValue("leftAlone"),
        f.objectList(
            "leftAloneClasses", c -> new LeftAlone(c.string("className"), c.string("reason"))));
  }

  private static LeakSite leakSite(JsonFields f) throws ReportFormatException {
    return new LeakSite(
        f.string("callSite"),
        f.longValue("count"),
        f.longValue("suspected"),
        f.longValue("lateReturns"),
        f.longValue("collected"),
        f.longValue("openAtExit"));
  }

  private static Leak leak(JsonFields f) throws ReportFormatException {
    return new Leak(
        f.string("state"),
        f.string("pool"),
        f.string("callSite"),
        f.string("thread"),
        f.string("borrowedAt"),
        f.longValue("heldMillis"),
        f.stringList("stack"));
  }

  private static PoolSummary pool(JsonFields f) throws ReportFormatException {
    return new PoolSummary(
        f.string("name"),
        f.string("kind"),
        f.booleanValue("pooling"),
        f.longValue("borrows"),
        f.longValue("returns"),
        // Absent from reports written before it existed: none were counted then.
        Objects.requireNonNullElse(f.optionalLong("evicted"), 0L),
        f.longValue("open"),
        percentiles(f.object("holdMillis")),
        percentiles(f.object("acquireMillis")),
        f.optionalLong("reclaimed"),
        advice(f.optionalObject("advice")),
        f.optionalObjectList("timeline", ReportJson::timelinePoint),
        f.optionalObjectList("exhaustions", ReportJson::exhaustion),
        Objects.requireNonNullElse(f.optionalLong("exhaustionsOmitted"), 0L));
  }

  private static Exhaustion exhaustion(JsonFields f) throws ReportFormatException {
    return new Exhaustion(
        f.string("start"),
        f.string("end"),
        f.longValue("timeouts"),
        f.longValue("held"),
        f.objectList("holders", ReportJson::holder),
        f.objectList("collected", ReportJson::holder));
  }

  private static Holder holder(JsonFields f) throws ReportFormatException {
    return new Holder(
        f.string("callSite"),
        f.longValue("count"),
        f.longValue("longestHeldMillis"),
        f.stringList("threads"),
        f.stringList("stack"));
  }

  private static TimelinePoint timelinePoint(JsonFields f) throws ReportFormatException {
    return new TimelinePoint(
        f.string("start"),
        f.longValue("millis"),
        f.longValue("inUseMax"),
        f.nullableLong("pendingMax"),
        f.nullableInt("maxSize"),
        f.longValue("borrows"),
        f.nullableLong("timeouts"),
        f.nullableDouble("waitP95Millis"),
        f.nullableDouble("holdP95Millis"),
        f.longValue("newSuspected"),
        f.longValue("newLateReturns"),
        f.longValue("newCollected"));
  }

  /** Reports written before the advice existed have none: they read as without advice. */
  private static Advice advice(JsonFields f) throws ReportFormatException {
    if (f == null) {
      return null;
    }
    return new Advice(
        f.doubleValue("observedSeconds"),
        f.nullableDouble("arrivalsPerSecond"),
        f.nullableDouble("meanHoldMillis"),
        f.nullableDouble("meanInUse"),
        f.nullableInt("suggestedMaxSize"),
        f.nullableInt("configuredMaxSize"),
        f.nullableLong("timeouts"),
        f.nullableBoolean("bottleneck"),
        f.string("reason"));
  }

  private static Percentiles percentiles(JsonFields f) throws ReportFormatException {
    return new Percentiles(
        f.longValue("count"),
        f.doubleValue("p50"),
        f.doubleValue("p95"),
        f.doubleValue("p99"),
        f.doubleValue("max"));
  }

  // The tree mirrors the record components one to one; ReportJsonTest holds the two in step.

  private static Map<String, Object> tree(Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", r.schemaVersion());
    m.put("agentVersion", r.agentVersion());
    m.put("generatedAt", r.generatedAt());
    m.put("pid", r.pid());
    m.put("javaVersion", r.javaVersion());
    m.put("uptimeMillis", r.uptimeMillis());
    m.put("settings", r.settings() == null ? null : new LinkedHashMap<>(r.settings()));
    m.put("leakSites", list(r.leakSites(), ReportJson::tree));
    m.put("leaks", list(r.leaks(), ReportJson::tree));
    m.put("leaksOmitted", r.leaksOmitted());
    m.put("pools", list(r.pools(), ReportJson::tree));
    m.put("coverage", tree(r.coverage()));
    m.put("final", r.finalReport());
    return m;
  }

  private static Map<String, Object> tree(Coverage c) {
    if (c == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("complete", c.complete());
    m.put("wovenClasses", c.wovenClasses());
    m.put("leftAloneClasses", c.leftAloneClasses());
    m.put("failedCalls", c.failedCalls());
    m.put("loaders", list(c.loaders(), ReportJson::tree));
    return m;
  }

  private static Map<String, Object> tree(LoaderCoverage l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loader", l.loader());
    m.put("woven", l.woven());
    m.put("wovenClasses", l.wovenClasses());
    m.put("leftAlone", l.leftAlone());
    m.put("leftAloneClasses", list(l.leftAloneClasses(), ReportJson::tree));
    return m;
  }

  private static Map<String, Object> tree(LeftAlone a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("className", a.className());
    m.put("reason", a.reason());
    return m;
  }

  private static Map<String, Object> tree(LeakSite s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("callSite", s.callSite());
    m.put("count", s.count());
    m.put("suspected", s.suspected());
    m.put("lateReturns", s.lateReturns());
    m.put("collected", s.collected());
    m.put("openAtExit", s.openAtExit());
    return m;
  }

  private static Map<String, Object> tree(Leak l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", l.state());
    m.put("pool", l.pool());
    m.put("callSite", l.callSite());
    m.put("thread", l.thread());
    m.put("borrowedAt", l.borrowedAt());
    m.put("heldMillis", l.heldMillis());
    m.put("stack", l.stack());
    return m;
  }

  private static Map<String, Object> tree(PoolSummary p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("kind", p.kind());
    m.put("pooling", p.pooling());
    m.put("borrows", p.borrows());
    m.put("returns", p.returns());
    m.put("evicted", p.evicted());
    m.put("open", p.open());
    m.put("holdMillis", tree(p.holdMillis(), "pool " + p.name() + ": holdMillis"));
    m.put("acquireMillis", tree(p.acquireMillis(), "pool " + p.name() + ": acquireMillis"));
    // Null, not 0, for every pool but a managed one: nothing else reclaims.
    // Null, not 0, for every pool but a managed one: nothing else reclaims.
    m.put("reclaimed", p.reclaimed());
    m.put("advice", tree(p.advice(), "pool " + p.name() + ": advice"));
    String timeline = "pool " + p.name() + ": timeline";
    m.put("timeline", list(p.timeline(), point -> tree(point, timeline)));
    m.put("exhaustions", list(p.exhaustions(), ReportJson::tree));
    m.put("exhaustionsOmitted", p.exhaustionsOmitted());
    return m;
  }

  private static Map<String, Object> tree(Exhaustion e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start", e.start());
    m.put("end", e.end());
    m.put("timeouts", e.timeouts());
    m.put("held", e.held());
    m.put("holders", list(e.holders(), ReportJson::tree));
    m.put("collected", list(e.collected(), ReportJson::tree));
    return m;
  }

  private static Map<String, Object> tree(Holder h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("callSite", h.callSite());
    m.put("count", h.count());
    m.put("longestHeldMillis", h.longestHeldMillis());
    m.put("threads", h.threads());
    m.put("stack", h.stack());
    return m;
  }

  private static Map<String, Object> tree(TimelinePoint t, String what) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start", t.start());
    m.put("millis", t.millis());
    m.put("inUseMax", t.inUseMax());
    m.put("pendingMax", t.pendingMax());
    m.put("maxSize", t.maxSize());
    m.put("borrows", t.borrows());
    m.put("timeouts", t.timeouts());
    m.put("waitP95Millis", decimal(t.waitP95Millis(), what + ".waitP95Millis"));
    m.put("holdP95Millis", decimal(t.holdP95Millis(), what + ".holdP95Millis"));
    m.put("newSuspected", t.newSuspected());
    m.put("newLateReturns", t.newLateReturns());
    m.put("newCollected", t.newCollected());
    return m;
  }

  private static Map<String, Object> tree(Advice a, String what) {
    if (a == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("observedSeconds", millis(a.observedSeconds(), what + ".observedSeconds"));
    m.put("arrivalsPerSecond", decimal(a.arrivalsPerSecond(), what + ".arrivalsPerSecond"));
    m.put("meanHoldMillis", decimal(a.meanHoldMillis(), what + ".meanHoldMillis"));
    m.put("meanInUse", decimal(a.meanInUse(), what + ".meanInUse"));
    m.put("suggestedMaxSize", a.suggestedMaxSize());
    m.put("configuredMaxSize", a.configuredMaxSize());
    m.put("timeouts", a.timeouts());
    m.put("bottleneck", a.bottleneck());
    m.put("reason", a.reason());
    return m;
  }

  /** Like {@link #millis}, for values that may be absent. */
  private static BigDecimal decimal(Double value, String what) {
    return value == null ? null : millis(value, what);
  }

  private static Map<String, Object> tree(Percentiles p, String what) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", p.count());
    m.put("p50", millis(p.p50(), what + ".p50"));
    m.put("p95", millis(p.p95(), what + ".p95"));
    m.put("p99", millis(p.p99(), what + ".p99"));
    m.put("max", millis(p.max(), what + ".max"));
    return m;
  }

  private static BigDecimal millis(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " is " + value + "; JSON has no form for it");
    }
    // valueOf goes through Double.toString, so 0.1 stays "0.1" instead of its binary expansion.
    return BigDecimal.valueOf(value).setScale(MILLIS_DECIMALS, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  private static <T> List<Object> list(List<T> values, Function<T, Map<String, Object>> mapper) {
    if (values == null) {
      return null;
    }
    List<Object> result = new ArrayList<>(values.size());
    for (T value : values) {
      result.add(value == null ? null : mapper.apply(value));
    }
    return result;
  }
}
