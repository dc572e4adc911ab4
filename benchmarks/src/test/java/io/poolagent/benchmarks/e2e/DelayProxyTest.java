package io.poolagent.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lower bounds on the delay only: how fast the proxy is, is for the benchmark to show. */
class DelayProxyTest {
  private static final Duration DELAY = Duration.ofMillis(50);
  /** Guards against a hang; not a speed requirement. */
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private EchoServer echo;
  private DelayProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    proxy = DelayProxy.start(loopback(0), echo.address(), DELAY);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    echo.close();
  }

  @Test
  void delaysEachDirection() throws Exception {
    try (Socket client = connect()) {
      long sent = System.nanoTime();
      client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));

      byte[] echoed = client.getInputStream().readNBytes(4);
      long received = System.nanoTime();
      long arrived = echo.firstByteNanos.poll(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

      assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("ping");
      assertThat(Duration.ofNanos(arrived - sent))
          .as("to the server")
          .isGreaterThanOrEqualTo(DELAY);
      assertThat(Duration.ofNanos(received - arrived)).as("back").isGreaterThanOrEqualTo(DELAY);
    }
  }

  @Test
  void bytesArriveIntactAndInOrder() throws Exception {
    // More than End.MAX_QUEUED_BYTES, so that reading pauses and resumes on the way.
    byte[] sent = new byte[3 * End.MAX_QUEUED_BYTES + 12_345];
    new Random(42).nextBytes(sent);
    try (Socket client = connect()) {
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = client.getOutputStream();
                  Random sizes = new Random(7);
                  for (int at = 0; at < sent.length; ) {
                    int n = Math.min(sent.length - at, 1 + sizes.nextInt(100_000));
                    out.write(sent, at, n);
                    at += n;
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });

      byte[] received = client.getInputStream().readNBytes(sent.length);

      writing.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      assertThat(received).isEqualTo(sent);
    }
  }

  @Test
  void aServerCloseReachesTheClientAfterTheBytesBeforeIt() throws Exception {
    try (ServerSocket farewell = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        DelayProxy toFarewell =
            DelayProxy.start(
                loopback(0), (InetSocketAddress) farewell.getLocalSocketAddress(), DELAY)) {
      CompletableFuture<Void> server =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = farewell.accept()) {
                  s.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      try (Socket client = new Socket()) {
        client.setSoTimeout(READ_TIMEOUT_MILLIS);
        client.connect(toFarewell.address());
        InputStream in = client.getInputStream();

        assertThat(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("bye");
        assertThat(in.read()).as("end of stream").isEqualTo(-1);
      }
      server.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aClientCloseReachesTheServerNoEarlierThanTheDelay() throws Exception {
    Socket client = connect();
    client.getOutputStream().write(1);
    assertThat(client.getInputStream().read()).isEqualTo(1);

    long closed = System.nanoTime();
    client.close();
    long serverSawEnd = echo.endOfStreamNanos.poll(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(Duration.ofNanos(serverSawEnd - closed)).isGreaterThanOrEqualTo(DELAY);
  }

  @Test
  void carriesMoreThanTwoHundredConnectionsAtOnce() throws Exception {
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 250; i++) {
        clients.add(connect());
      }
      // All open at once, then each used: every one must still be its own stream.
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).getOutputStream().write(("c" + i + ";").getBytes(StandardCharsets.US_ASCII));
      }
      for (int i = 0; i < clients.size(); i++) {
        String expected = "c" + i + ";";
        byte[] echoed = clients.get(i).getInputStream().readNBytes(expected.length());
        assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo(expected);
      }
    } finally {
      for (Socket client : clients) {
        client.close();
      }
    }
  }

  private Socket connect() throws IOException {
    Socket client = new Socket();
    client.setSoTimeout(READ_TIMEOUT_MILLIS);
    client.setTcpNoDelay(true);
    client.connect(proxy.address());
    return client;
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }
}
