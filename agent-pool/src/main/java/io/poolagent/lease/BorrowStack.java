package io.poolagent.lease;

import java.util.Arrays;

/**
 * A borrow stack as the JVM's compact backtrace: a {@code Throwable} without message, cause or
 * suppression, filled in at construction and turned into frames only when someone reads it (a
 * leak, an exhausted pool, a call site learning its stack).
 */
final class BorrowStack extends Throwable {
  private static final long serialVersionUID = 1L;

  /** Frames kept below the agent's own: the {@code stackDepth} setting. */
  private final int depth;
  /** The frames once read; a benign race, since every thread computes the same array. */
  private transient volatile StackTraceElement[] frames;

  BorrowStack(int depth) {
    super(null, null, false, true);
    this.depth = depth;
  }

  /** The stack below the agent's own frames, at most {@code depth} frames; not to be modified. */
  StackTraceElement[] frames() {
    StackTraceElement[] read = frames;
    if (read == null) {
      StackTraceElement[] all = getStackTrace();
      int first = 0;
      while (first < all.length && Frames.isAgent(all[first].getClassName())) {
        first++;
      }
      read = Arrays.copyOfRange(all, first, Math.min(all.length, first + depth));
      frames = read;
    }
    return read;
  }

  /** The same frames as a report would show them: class, method, file and line. */
  boolean sameFramesAs(BorrowStack other) {
    return Arrays.equals(frames(), other.frames());
  }
}
