package io.poolagent.benchmarks.e2e;

import java.nio.ByteBuffer;

/**
 * Bytes read from one end, to be written to the other no earlier than {@code dueNanos} (a {@link
 * System#nanoTime()} value). A null {@code data} stands for the end of the stream, so that a close
 * is delayed like the bytes before it and never overtakes them.
 */
record Chunk(long dueNanos, ByteBuffer data) {

  boolean isEndOfStream() {
    return data == null;
  }

  int size() {
    return data == null ? 0 : data.remaining();
  }
}
