package io.poolagent.lease;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Captures borrow stacks. The capture runs on every sampled borrow, so it keeps only the JVM's
 * compact backtrace (a {@code Throwable} without message, cause or suppression) and turns it into
 * frames, at most {@code stackDepth} of them, only for the few leases that turn out to leak.
 *
 * <p>Measured (docs/benchmarks.md): a {@code StackWalker} limited to 64 frames cost 4-6x more
 * time and bytes than this, shallow and at +150 frames, because it builds a frame object per
 * frame on every borrow. The backtrace's cost still grows with the application's stack depth;
 * finding a capture that does not is the performance issue's work.
 */
public final class StackCapture {

  private static final StackTraceElement[] NONE = new StackTraceElement[0];

  private final int depth;
  private final double sampleRate;

  public StackCapture(int depth, double sampleRate) {
    this.depth = depth;
    this.sampleRate = sampleRate;
  }

  /** The current thread's stack below the agent's own frames, or null when not sampled. */
  public Object capture() {
    if (sampleRate < 1.0
        && (sampleRate <= 0.0 || ThreadLocalRandom.current().nextDouble() >= sampleRate)) {
      return null;
    }
    return new BorrowStack(depth);
  }

  /** Text form of what {@link #capture()} returned; empty for a borrow that was not sampled. */
  public static StackTraceElement[] materialize(Object captured) {
    if (!(captured instanceof BorrowStack)) {
      return NONE;
    }
    StackTraceElement[] all = ((BorrowStack) captured).getStackTrace();
    int first = 0;
    while (first < all.length && Frames.isAgent(all[first].getClassName())) {
      first++;
    }
    int limit = Math.min(all.length, first + ((BorrowStack) captured).depth);
    return Arrays.copyOfRange(all, first, limit);
  }

  /** The JVM's compact backtrace, turned into frames only if the lease leaks. */
  private static final class BorrowStack extends Throwable {
    private static final long serialVersionUID = 1L;
    final int depth;

    BorrowStack(int depth) {
      super(null, null, false, true);
      this.depth = depth;
    }
  }

  /** The first {@code limit} frames of {@code stack}, each as {@link #format} writes it. */
  public static String[] text(StackTraceElement[] stack, int limit) {
    String[] text = new String[Math.min(stack.length, limit)];
    for (int i = 0; i < text.length; i++) {
      text[i] = format(stack[i]);
    }
    return text;
  }

  /** The first application frame, as {@code Class.method(File.java:line)}, or {@code unknown}. */
  public static String callSite(StackTraceElement[] stack) {
    for (StackTraceElement element : stack) {
      if (!Frames.isInfrastructure(element.getClassName())) {
        return format(element);
      }
    }
    return "unknown";
  }

  /**
   * {@code Class.method(File.java:line)}: the JDK's own format without the class loader and module
   * prefixes it adds for some loaders, so a call site reads the same in every framework.
   */
  public static String format(StackTraceElement element) {
    StringBuilder text =
        new StringBuilder(element.getClassName()).append('.').append(element.getMethodName());
    if (element.isNativeMethod()) {
      return text.append("(Native Method)").toString();
    }
    text.append('(');
    if (element.getFileName() == null) {
      text.append("Unknown Source");
    } else {
      text.append(element.getFileName());
      if (element.getLineNumber() >= 0) {
        text.append(':').append(element.getLineNumber());
      }
    }
    return text.append(')').toString();
  }
}
