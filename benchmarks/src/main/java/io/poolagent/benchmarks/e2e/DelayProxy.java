package io.poolagent.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * A TCP proxy that holds every chunk of bytes for a fixed delay in each direction, so that the
 * local database answers as one across a network would: {@code --delay 5ms} adds 10 ms to every
 * round trip, connection set-up included. Order is kept per direction, and a close is delayed like
 * the bytes before it; when either side closes, both are closed.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.poolagent.benchmarks.e2e.DelayProxy
 * --listen 127.0.0.1:PORT --target 127.0.0.1:5432 --delay 5ms}. It prints one line with the port
 * it listens on (useful with port 0), then runs until killed.
 */
public final class DelayProxy implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final DelayLoop loop;
  private final Thread thread;

  private DelayProxy(ServerSocketChannel listener, DelayLoop loop) {
    this.listener = listener;
    this.loop = loop;
    this.thread = new Thread(loop, "delay-proxy");
  }

  /** Listens on {@code listen} (port 0: a free one) and forwards to {@code target}. */
  public static DelayProxy start(InetSocketAddress listen, InetSocketAddress target, Duration delay)
      throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      // A backlog for the per-request runs: 200 threads may connect at the same moment.
      listener.bind(listen, 1024);
      DelayProxy proxy = new DelayProxy(listener, new DelayLoop(listener, target, delay.toNanos()));
      proxy.thread.start();
      return proxy;
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  /** Stops forwarding and closes every connection. */
  @Override
  public void close() throws InterruptedException {
    loop.stop();
    thread.join();
  }

  public static void main(String[] args) throws Exception {
    ProxyOptions options;
    try {
      options = ProxyOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("delay-proxy: " + e.getMessage());
      System.err.println(ProxyOptions.USAGE);
      System.exit(2);
      return;
    }
    DelayProxy proxy = start(options.listen(), options.target(), options.delay());
    InetSocketAddress address = proxy.address();
    // Scripts read the port from this line: keep its shape.
    System.out.println(
        "delay-proxy: listening on "
            + address.getAddress().getHostAddress()
            + ":"
            + address.getPort()
            + ", forwarding to "
            + options.target().getAddress().getHostAddress()
            + ":"
            + options.target().getPort()
            + ", delay "
            + options.delay().toMillis()
            + "ms each way");
    System.out.flush();
    proxy.thread.join();
  }
}
