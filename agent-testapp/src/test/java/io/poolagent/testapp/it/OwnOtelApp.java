package io.poolagent.testapp.it;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * An application with its own OpenTelemetry SDK, registered as the global instance, exporting its
 * own spans (to its log): what must keep working, untouched, with pool-agent attached. Runs the
 * test app with {@code --traced}, so the app's span is made by this SDK.
 *
 * <p>Usage: {@code OwnOtelApp testapp-args...}, with the app's OpenTelemetry jars first on the
 * class path.
 */
public final class OwnOtelApp {

  private OwnOtelApp() {}

  public static void main(String[] args) throws Exception {
    OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
                .build())
        .buildAndRegisterGlobal();
    System.out.println(
        "app OpenTelemetry SDK from "
            + OpenTelemetrySdk.class.getProtectionDomain().getCodeSource().getLocation());
    Class.forName("io.poolagent.testapp.TestApp").getMethod("main", String[].class).invoke(null, (Object) args);
  }
}
