package io.poolagent.otel;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.poolagent.lease.AgentVersion;
import io.poolagent.lease.LeaseTracker;
import io.poolagent.log.AgentLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry export: an SDK configured entirely by OpenTelemetry's own settings ({@code
 * OTEL_*} variables, {@code otel.*} properties) through the autoconfigure extension, with the
 * agent's own defaults where the SDK's differ from what users expect: OTLP over http/protobuf
 * (port 4318, as the official Java agent does; the SDK alone defaults to gRPC), the Prometheus
 * endpoint on 127.0.0.1, no log export (the agent emits none), no retries of a failed export, and
 * no SDK shutdown hook, because the agent's exit report must publish the leaks still open before
 * the last flush. Any of them is overridden by setting it.
 *
 * <p>The SDK is built on a thread of its own, {@link #BUILD_DELAY_MILLIS} after the agent starts
 * or at exit if that comes first: building it loads some 700 classes and takes most of a
 * CPU-second, which an application's start, when every core is busy, should not have to share.
 * Nothing is lost meanwhile: metrics are read from the tracker when the SDK collects, and leak
 * spans wait for it. At an exit before the build, it is built only when a collector would take
 * the export ({@link CollectorProbe}): a short JVM with no collector does not pay for it. It is
 * relocated inside the agent jar and never registered as the global instance: an application's
 * own OpenTelemetry, or the official agent's, is never touched.
 */
public final class OtelExport {

  static final String SCOPE = "io.poolagent";
  static final String INIT_THREAD = "pool-agent-otel-init";
  /** How long the exit waits for an SDK being built: CPU work, not the collector's. */
  private static final long BUILD_WAIT_SECONDS = 5;
  /** How long the exit waits for the last export: a collector that never answers costs this. */
  static final long FLUSH_MILLIS = 1_000;
  /** After a failed export the collector is known to be away: exit does not wait for it. */
  private static final long SHUTDOWN_AFTER_FAILURE_MILLIS = 500;

  /**
   * The agent's defaults where the SDK's differ; any of them is overridden by setting it. No
   * retries: a collector that is away must not hold the service's exit for the seconds of
   * back-off; metrics are cumulative, leaks are in the report.
   */
  private static final Map<String, String> AGENT_DEFAULTS =
      Map.of(
          "otel.exporter.otlp.protocol", "http/protobuf",
          "otel.exporter.prometheus.host", "127.0.0.1",
          "otel.logs.exporter", "none",
          "otel.java.exporter.otlp.retry.disabled", "true");

  /** How long after the agent's start the SDK is built, unless the JVM exits first. */
  static final long BUILD_DELAY_MILLIS = 3_000;

  private final Thread init;
  private final CountDownLatch buildNow = new CountDownLatch(1);
  private final ExportFailures failures = new ExportFailures();
  private volatile OpenTelemetrySdk sdk;
  /** At an exit before the build: the line saying no collector would take the export. */
  private volatile String noCollector;
  /** JUL holds loggers weakly; this keeps the silenced level alive. */
  private Logger sdkLogger;

  private OtelExport(LeaseTracker tracker, LeakTelemetry leaks, long buildDelayMillis) {
    this.init =
        new Thread(
            () -> {
              boolean exiting;
              try {
                exiting = buildNow.await(buildDelayMillis, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                return;
              }
              if (!exiting || collectorAnswers()) {
                build(tracker, leaks);
              }
            },
            INIT_THREAD);
    init.setDaemon(true);
  }

  /** Export switched off: nothing is started and the SDK's classes are never loaded. */
  private OtelExport() {
    this.init = null;
  }

  /**
   * Starts exporting what {@code tracker} sees; the SDK itself is built in the background. With
   * {@code OTEL_SDK_DISABLED=true} (or {@code -Dotel.sdk.disabled=true}) nothing is started: the
   * SDK would be a no-op, and merely reading its configuration loads some 250 classes.
   */
  public static OtelExport start(LeaseTracker tracker, boolean spanPerLease) {
    return start(tracker, spanPerLease, BUILD_DELAY_MILLIS);
  }

  static OtelExport start(LeaseTracker tracker, boolean spanPerLease, long buildDelayMillis) {
    if (disabled(System.getProperty("otel.sdk.disabled"), System.getenv("OTEL_SDK_DISABLED"))) {
      return new OtelExport();
    }
    LeakTelemetry leaks = new LeakTelemetry(spanPerLease);
    tracker.addListener(leaks);
    if (officialAgentPresent()) {
      tracker.setBorrowContext(new AgentTraceContext());
    }
    OtelExport export = new OtelExport(tracker, leaks, buildDelayMillis);
    export.init.start();
    return export;
  }

  private void build(LeaseTracker tracker, LeakTelemetry leaks) {
    try {
      sdkLogger = silenceSdkLogging();
      InstrumentationScopeInfo scope =
          InstrumentationScopeInfo.builder(SCOPE).setVersion(AgentVersion.get()).build();
      PoolMetrics metrics =
          new PoolMetrics(tracker, scope, tracker.clock().epochNanosOf(System.nanoTime()));
      OpenTelemetrySdk built =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> AGENT_DEFAULTS)
              .addSpanExporterCustomizer(
                  (exporter, config) ->
                      failures.spans(exporter, OtlpEndpoint.of(config, "traces")))
              .addMetricExporterCustomizer(
                  (exporter, config) ->
                      failures.metrics(exporter, OtlpEndpoint.of(config, "metrics")))
              .addMeterProviderCustomizer(
                  (builder, config) -> builder.registerMetricProducer(metrics))
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
      Meter meter =
          built.getMeterProvider()
              .meterBuilder(SCOPE)
              .setInstrumentationVersion(AgentVersion.get())
              .build();
      failures.arm();
      metrics.register(meter);
      leaks.register(meter, tracker);
      leaks.ready(
          built.getTracerProvider()
              .tracerBuilder(SCOPE)
              .setInstrumentationVersion(AgentVersion.get())
              .build());
      sdk = built;
    } catch (RuntimeException | LinkageError e) {
      // Bad OpenTelemetry settings cost the export, never the tracking or the report.
      AgentLog.warn(
          "OpenTelemetry export is off: "
              + causes(e)
              + " (check the OTEL_* settings); leak tracking and the JSON report go on");
    }
  }

  /**
   * The JVM is exiting: an SDK not built yet is built now, or the collector asked whether it
   * would take the export, on the SDK's own thread while the exit writes its report; {@link
   * #shutdown} waits for it. Leaks found meanwhile wait for the SDK as they do at any time.
   */
  public void exiting() {
    buildNow.countDown();
  }

  /**
   * Exports what is pending (the leaks found at exit included) and stops: within {@link
   * #FLUSH_MILLIS}, or half a second when the collector has already failed. A collector that does
   * not answer in time costs what was not sent, with one line saying so.
   */
  public void shutdown() {
    if (init == null) {
      return;
    }
    exiting();
    try {
      init.join(TimeUnit.SECONDS.toMillis(BUILD_WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    String none = noCollector;
    if (none != null) {
      failures.once(none);
    }
    OpenTelemetrySdk ready = sdk;
    if (ready == null) {
      return;
    }
    boolean failedBefore = failures.seen();
    long wait = failedBefore ? SHUTDOWN_AFTER_FAILURE_MILLIS : FLUSH_MILLIS;
    // Parts of the SDK's shutdown block on their final export; a thread of its own keeps the
    // bound on the exit's delay ours.
    // Both joins below time out at the same moment: whether the export got its answer is what the
    // flush thread saw, not whether it happens to be gone by then.
    AtomicBoolean answered = new AtomicBoolean();
    Thread flush =
        new Thread(
            () -> answered.set(ready.shutdown().join(wait, TimeUnit.MILLISECONDS).isDone()),
            "pool-agent-otel-flush");
    flush.setDaemon(true);
    flush.start();
    try {
      flush.join(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!answered.get() && !failedBefore) {
      failures.once(
          "OpenTelemetry export of the last spans and metrics to "
              + failures.endpoints()
              + " failed (no answer within "
              + wait
              + " ms of the exit): they were dropped; the JSON report is unaffected");
    }
  }

  /**
   * At an exit that comes before the SDK was built: whether a collector would take the export.
   * When none would, the SDK is not built just to fail, and one line says where none answered.
   */
  private boolean collectorAnswers() {
    String none;
    try {
      none =
          CollectorProbe.noCollector(
              DefaultConfigProperties.create(
                  AGENT_DEFAULTS, ComponentLoader.forClassLoader(OtelExport.class.getClassLoader())));
    } catch (RuntimeException e) {
      return true; // a bad setting: the build says which, as at any other time
    }
    if (none == null) {
      return true;
    }
    // Said by shutdown, after the exit's summary rather than in the middle of it.
    noCollector =
        "OpenTelemetry export of spans and metrics "
            + none
            + ": nothing was sent; the JSON report is unaffected";
    return false;
  }

  /** Whether the SDK has been built (for tests). */
  boolean built() {
    return sdk != null;
  }

  /** The SDK's own rule: the system property first, then the environment variable. */
  static boolean disabled(String property, String environment) {
    String value = property != null ? property : environment;
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  private static String causes(Throwable e) {
    StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      why.append(": ").append(c.getMessage() != null ? c.getMessage() : c.toString());
    }
    return why.toString();
  }

  /**
   * The SDK logs every failed export attempt through java.util.logging; {@link ExportFailures}
   * says it once instead. Only the SDK's own (relocated) loggers are touched, never the app's.
   */
  private static Logger silenceSdkLogging() {
    String api = Span.class.getName(); // <root>.api.trace.Span, relocated or not
    Logger logger = Logger.getLogger(api.substring(0, api.indexOf(".api.trace.")));
    logger.setLevel(Level.OFF);
    return logger;
  }

  /**
   * The official agent is another -javaagent whose jar name says so. Read from /proc where there
   * is one: the management API costs the application's start a tenth of a second.
   */
  private static boolean officialAgentPresent() {
    List<String> arguments;
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      arguments = List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException | RuntimeException e) {
      arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    }
    for (String argument : arguments) {
      if (argument.startsWith("-javaagent:") && argument.contains("opentelemetry")) {
        return true;
      }
    }
    return false;
  }
}
