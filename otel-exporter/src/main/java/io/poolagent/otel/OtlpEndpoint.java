package io.poolagent.otel;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * Where the OTLP exporter of a signal sends, by the SDK's rules: the signal's own endpoint as
 * given, else the common one (with {@code /v1/SIGNAL} added over HTTP), else the protocol's
 * default on localhost. For the agent's lines and the exit's probe; the SDK builds its own.
 */
final class OtlpEndpoint {

  private OtlpEndpoint() {}

  static String of(ConfigProperties config, String signal) {
    String specific = config.getString("otel.exporter.otlp." + signal + ".endpoint");
    if (specific != null) {
      return specific;
    }
    if (grpc(config, signal)) {
      return config.getString("otel.exporter.otlp.endpoint", "http://localhost:4317");
    }
    String base = config.getString("otel.exporter.otlp.endpoint", "http://localhost:4318");
    return base.endsWith("/") ? base + "v1/" + signal : base + "/v1/" + signal;
  }

  static boolean grpc(ConfigProperties config, String signal) {
    String protocol =
        config.getString(
            "otel.exporter.otlp." + signal + ".protocol",
            config.getString("otel.exporter.otlp.protocol", "grpc"));
    return protocol.equals("grpc");
  }
}
