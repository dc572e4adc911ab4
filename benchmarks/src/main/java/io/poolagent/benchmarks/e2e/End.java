package io.poolagent.benchmarks.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One socket of a proxied connection and the chunks waiting to be written to it. What is read
 * from it goes to its {@link #peer}'s queue. Used by the proxy's one loop thread only.
 */
final class End {
  /**
   * How much may wait for one socket before the proxy stops reading its peer: the database's
   * messages are small, so this only bounds memory when a reader stalls.
   */
  static final int MAX_QUEUED_BYTES = 1 << 20;

  final SocketChannel channel;
  private final ArrayDeque<Chunk> outbound = new ArrayDeque<>();
  private End peer;
  private SelectionKey key;
  private long queuedBytes;
  private boolean connecting;
  private boolean writeBlocked;
  private boolean readEnded;
  private boolean closed;

  End(SocketChannel channel) {
    this.channel = channel;
  }

  static void pair(End a, End b) {
    a.peer = b;
    b.peer = a;
  }

  End peer() {
    return peer;
  }

  void register(SelectionKey key, boolean connecting) {
    this.key = key;
    this.connecting = connecting;
    updateInterest();
  }

  boolean isClosed() {
    return closed;
  }

  /** The peer's bytes (or its end of stream), to be written here at {@code chunk.dueNanos()}. */
  void enqueue(Chunk chunk) {
    outbound.add(chunk);
    queuedBytes += chunk.size();
    if (queuedBytes >= MAX_QUEUED_BYTES) {
      peer.updateInterest();
    }
  }

  /** Marks that this end's stream ended: nothing more will be read from it. */
  void readEnded() {
    readEnded = true;
    updateInterest();
  }

  void finishConnect(long now) throws IOException {
    if (channel.finishConnect()) {
      connecting = false;
      updateInterest();
      peer.updateInterest();
      flush(now);
    }
  }

  /**
   * Writes every chunk that is due, in order, as far as the socket takes them; the rest waits for
   * the socket to be writable or for its deadline. A due end of stream closes both ends.
   */
  void flush(long now) throws IOException {
    if (closed || connecting) {
      return;
    }
    boolean wasFull = queuedBytes >= MAX_QUEUED_BYTES;
    Chunk head;
    while ((head = outbound.peek()) != null && head.dueNanos() - now <= 0) {
      if (head.isEndOfStream()) {
        closeBoth();
        return;
      }
      ByteBuffer data = head.data();
      int before = data.remaining();
      channel.write(data);
      queuedBytes -= before - data.remaining();
      if (data.hasRemaining()) {
        break;
      }
      outbound.poll();
    }
    boolean blocked = head != null && head.dueNanos() - now <= 0;
    if (blocked != writeBlocked) {
      writeBlocked = blocked;
      updateInterest();
    }
    if (wasFull && queuedBytes < MAX_QUEUED_BYTES) {
      peer.updateInterest();
    }
  }

  /** When either socket closes or fails, the connection is over for both. */
  void closeBoth() {
    close();
    peer.close();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    outbound.clear();
    try {
      channel.close();
    } catch (IOException e) {
      // Closing is all that is left to do with it; there is no one to tell.
    }
  }

  private void updateInterest() {
    if (closed || key == null || !key.isValid()) {
      return;
    }
    int ops;
    if (connecting) {
      ops = SelectionKey.OP_CONNECT;
    } else {
      // Reading stops while the peer's queue is full (back-pressure) or once the stream ended.
      boolean read = !readEnded && !peer.closed && !peer.connecting
          && peer.queuedBytes < MAX_QUEUED_BYTES;
      ops = (read ? SelectionKey.OP_READ : 0) | (writeBlocked ? SelectionKey.OP_WRITE : 0);
    }
    key.interestOps(ops);
  }
}
