package io.poolagent.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The proxy's one thread: accepts, reads whatever is ready, and writes each chunk once its delay
 * has passed. One thread for every connection, rather than threads per connection, because the
 * per-request benchmark opens thousands of connections a second on a two-core machine that also
 * runs the app and the database.
 */
final class DelayLoop implements Runnable {
  /** A deadline and the socket whose queue holds the chunk that is due then. */
  private record Deadline(long dueNanos, End end) {}

  private final Selector selector;
  private final ServerSocketChannel listener;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  /**
   * Every chunk's deadline, in the order the chunks were read. One delay for all means read order
   * is deadline order, so a queue does what a priority queue would.
   */
  private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
  private volatile boolean stopping;
  private boolean connectFailureShown;

  DelayLoop(ServerSocketChannel listener, InetSocketAddress target, long delayNanos)
      throws IOException {
    this.selector = Selector.open();
    this.listener = listener;
    this.target = target;
    this.delayNanos = delayNanos;
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        long wait = millisToNextDeadline();
        if (wait < 0) {
          selector.selectNow(this::onReady);
        } else {
          selector.select(this::onReady, wait);
        }
        fireDue(System.nanoTime());
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("delay-proxy: stopped: " + e);
    } finally {
      closeAll();
    }
  }

  void stop() {
    stopping = true;
    selector.wakeup();
  }

  /** -1 when a deadline has passed, 0 (wait for I/O alone) when none is set. */
  private long millisToNextDeadline() {
    Deadline next = deadlines.peek();
    if (next == null) {
      return 0;
    }
    long nanos = next.dueNanos() - System.nanoTime();
    // Rounded up: the selector's timeout is in milliseconds, and a chunk must never leave early.
    return nanos <= 0 ? -1 : Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  private void fireDue(long now) {
    Deadline next;
    while ((next = deadlines.peek()) != null && next.dueNanos() - now <= 0) {
      deadlines.poll();
      End end = next.end();
      // Earlier deadlines of the same socket may have flushed this chunk already: then no-op.
      try {
        end.flush(now);
      } catch (IOException e) {
        end.closeBoth();
      }
    }
  }

  private void onReady(SelectionKey key) {
    if (key.channel() == listener) {
      acceptAll();
      return;
    }
    End end = (End) key.attachment();
    long now = System.nanoTime();
    try {
      if (key.isValid() && key.isConnectable()) {
        try {
          end.finishConnect(now);
        } catch (IOException e) {
          showConnectFailure(e);
          throw e;
        }
      }
      if (key.isValid() && key.isWritable()) {
        end.flush(now);
      }
      if (key.isValid() && key.isReadable()) {
        read(end, now);
      }
    } catch (IOException e) {
      // A reset or a refused connection ends this one proxied connection, nothing else.
      end.closeBoth();
    }
  }

  private void read(End end, long now) throws IOException {
    readBuffer.clear();
    int n = end.channel.read(readBuffer);
    if (n == 0) {
      return;
    }
    Chunk chunk;
    if (n < 0) {
      end.readEnded();
      chunk = new Chunk(now + delayNanos, null);
    } else {
      readBuffer.flip();
      ByteBuffer copy = ByteBuffer.allocate(n);
      copy.put(readBuffer).flip();
      chunk = new Chunk(now + delayNanos, copy);
    }
    end.peer().enqueue(chunk);
    deadlines.add(new Deadline(chunk.dueNanos(), end.peer()));
  }

  private void acceptAll() {
    SocketChannel client;
    while (true) {
      try {
        client = listener.accept();
      } catch (IOException e) {
        // Out of file descriptors, typically: the client sees its connect fail, we go on.
        System.err.println("delay-proxy: accept failed: " + e);
        return;
      }
      if (client == null) {
        return;
      }
      connect(client);
    }
  }

  private void connect(SocketChannel client) {
    SocketChannel server = null;
    try {
      server = SocketChannel.open();
      for (SocketChannel c : new SocketChannel[] {client, server}) {
        c.configureBlocking(false);
        // The database's messages are small and latency is what is measured: no Nagle.
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      End clientEnd = new End(client);
      End serverEnd = new End(server);
      End.pair(clientEnd, serverEnd);
      boolean connected = server.connect(target);
      serverEnd.register(server.register(selector, 0, serverEnd), !connected);
      clientEnd.register(client.register(selector, 0, clientEnd), false);
    } catch (IOException e) {
      showConnectFailure(e);
      closeQuietly(client);
      closeQuietly(server);
    }
  }

  /** Once: with the target down, every client would print the same line. */
  private void showConnectFailure(IOException e) {
    if (!connectFailureShown) {
      connectFailureShown = true;
      System.err.println("delay-proxy: cannot connect to " + target + ": " + e);
    }
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      closeQuietly(key.channel());
    }
    closeQuietly(selector);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Shutting down: nothing useful to do with it.
    }
  }
}
