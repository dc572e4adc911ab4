package io.poolagent.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Echoes every byte back, one thread per connection, and notes when each connection's first
 * bytes arrived and when the client's end of stream did, so a test can time each direction apart.
 */
final class EchoServer implements AutoCloseable {
  final BlockingQueue<Long> firstByteNanos = new LinkedBlockingQueue<>();
  final BlockingQueue<Long> endOfStreamNanos = new LinkedBlockingQueue<>();
  private final ServerSocket server;

  EchoServer() throws IOException {
    server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptAll, "echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread echo = new Thread(() -> echo(socket), "echo");
        echo.setDaemon(true);
        echo.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[8192];
      boolean first = true;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (first) {
          firstByteNanos.add(System.nanoTime());
          first = false;
        }
        out.write(buffer, 0, n);
      }
      endOfStreamNanos.add(System.nanoTime());
    } catch (IOException e) {
      // The test closed the proxy under it: nothing to echo any more.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
