package io.poolagent.otel;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a JVM that exits before its SDK was built has a collector to send to. Building the SDK
 * costs most of a CPU-second; a test JVM that lives one second, with the default settings and no
 * collector, would pay it at every exit only to fail the export. So at such an exit every OTLP
 * endpoint the settings name is asked first: a closed port or an unknown host answers at once, and
 * an OTLP/HTTP collector answers an empty export (a valid request that carries nothing) within
 * {@link #ANSWER_MILLIS}. A collector that accepts the connection and never answers would hold
 * the exit for the export's timeout; it is found here too.
 *
 * <p>Only the default exporter is probed. Any other (console, Prometheus, an SPI exporter), TLS,
 * gRPC beyond its connection, or a declarative configuration file: the SDK is built, as before.
 */
final class CollectorProbe {

  static final int CONNECT_MILLIS = 250;
  static final int ANSWER_MILLIS = 500;

  private CollectorProbe() {}

  /**
   * Null when some exporter may deliver; else why none can, in the words of the agent's export
   * failure line: {@code to ENDPOINT failed (WHY)}.
   */
  static String noCollector(ConfigProperties config) {
    if (config.getString("otel.config.file") != null) {
      return null;
    }
    // Endpoint -> whether it speaks gRPC; traces and metrics usually share one collector.
    Map<String, Boolean> endpoints = new LinkedHashMap<>();
    for (String signal : new String[] {"traces", "metrics"}) {
      List<String> exporters = config.getList("otel." + signal + ".exporter", List.of("otlp"));
      for (String exporter : exporters) {
        if (exporter.equals("otlp")) {
          endpoints.putIfAbsent(
              OtlpEndpoint.of(config, signal), OtlpEndpoint.grpc(config, signal));
        } else if (!exporter.equals("none")) {
          return null;
        }
      }
    }
    String first = null;
    // One question per collector: one that did not answer at /v1/traces will not at /v1/metrics,
    // and each silent one costs the exit ANSWER_MILLIS.
    Set<String> asked = new HashSet<>();
    for (Map.Entry<String, Boolean> endpoint : endpoints.entrySet()) {
      if (!asked.add(authority(endpoint.getKey()))) {
        continue;
      }
      String why = unreachable(endpoint.getKey(), endpoint.getValue());
      if (why == null) {
        return null;
      }
      first = first == null ? "to " + endpoint.getKey() + " failed (" + why + ")" : first;
    }
    return first;
  }

  /** {@code http://host:port} of {@code endpoint}, or the endpoint itself when it is no URI. */
  private static String authority(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      return uri.getScheme() + "://" + uri.getAuthority();
    } catch (IllegalArgumentException e) {
      return endpoint;
    }
  }

  /** Null when {@code endpoint} may take an export; else why it cannot. */
  static String unreachable(String endpoint, boolean grpc) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      return null; // the SDK's own check says what is wrong with it
    }
    if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      return null;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : 80;
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_MILLIS);
      } catch (SocketTimeoutException e) {
        return "no connection within " + CONNECT_MILLIS + " ms";
      }
      if (grpc) {
        return null;
      }
      socket.setSoTimeout(ANSWER_MILLIS);
      OutputStream out = socket.getOutputStream();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      out.write(
          ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
                  + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0"
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      if (in.read() < 0) {
        return "the collector closed the connection without answering";
      }
      return null;
    } catch (SocketTimeoutException e) {
      return "the collector accepted the connection but did not answer within "
          + ANSWER_MILLIS
          + " ms";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
  }
}
