package io.poolagent.lease;

import java.lang.StackWalker.StackFrame;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Captures borrow stacks. The capture runs on every sampled borrow, so it keeps the JVM's own
 * frame objects and turns them into text only for the few leases that turn out to leak.
 *
 * <p>The walk is bounded by {@code stackDepth}: its cost does not grow with how deep the
 * application's stack is, unlike {@code new Throwable()}, which records every frame.
 */
public final class StackCapture {

  private static final StackTraceElement[] NONE = new StackTraceElement[0];

  private final StackWalker walker = StackWalker.getInstance();
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
    return walker.walk(
        frames ->
            frames
                .dropWhile(frame -> Frames.isAgent(frame.getClassName()))
                .limit(depth)
                .toArray(StackFrame[]::new));
  }

  /** Text form of what {@link #capture()} returned; empty for a borrow that was not sampled. */
  public static StackTraceElement[] materialize(Object captured) {
    if (!(captured instanceof StackFrame[])) {
      return NONE;
    }
    StackFrame[] frames = (StackFrame[]) captured;
    StackTraceElement[] elements = new StackTraceElement[frames.length];
    for (int i = 0; i < frames.length; i++) {
      elements[i] = frames[i].toStackTraceElement();
    }
    return elements;
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
