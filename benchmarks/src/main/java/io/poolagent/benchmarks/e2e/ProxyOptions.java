package io.poolagent.benchmarks.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/** The proxy's command line: {@code --listen [HOST:]PORT --target HOST:PORT --delay D}. */
record ProxyOptions(InetSocketAddress listen, InetSocketAddress target, Duration delay) {

  static final String USAGE =
      "usage: DelayProxy --listen [127.0.0.1:]PORT --target HOST:PORT --delay D"
          + " (D: 5ms, 1s or 0; PORT 0 picks a free port)";

  static ProxyOptions parse(String[] args) {
    String listen = null;
    String target = null;
    String delay = null;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--listen" -> listen = value;
        case "--target" -> target = value;
        case "--delay" -> delay = value;
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      i++;
    }
    if (listen == null || target == null || delay == null) {
      throw new IllegalArgumentException("--listen, --target and --delay are all required");
    }
    InetSocketAddress listenAddress =
        address(listen.contains(":") ? listen : "127.0.0.1:" + listen);
    // Whoever reaches it reaches the database, and with a delay: never open it to the network.
    if (!listenAddress.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("--listen must be a loopback address, not " + listen);
    }
    return new ProxyOptions(listenAddress, address(target), duration(delay));
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected HOST:PORT, not '" + hostPort + "'");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)), port);
    } catch (NumberFormatException | UnknownHostException e) {
      throw new IllegalArgumentException("expected HOST:PORT, not '" + hostPort + "'", e);
    }
  }

  /** {@code 5ms}, {@code 1s} or {@code 0}: the forms the test app and the agent accept. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("0")) {
        return Duration.ZERO;
      }
      if (t.endsWith("ms")) {
        return nonNegative(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), text);
      }
      if (t.endsWith("s")) {
        long seconds = Long.parseLong(t.substring(0, t.length() - 1));
        return nonNegative(Duration.ofSeconds(seconds), text);
      }
    } catch (NumberFormatException e) {
      // Falls through to the one message for every malformed delay.
    }
    throw new IllegalArgumentException("expected a delay such as 5ms, 1s or 0, not '" + text + "'");
  }

  private static Duration nonNegative(Duration d, String text) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be negative: '" + text + "'");
    }
    return d;
  }
}
