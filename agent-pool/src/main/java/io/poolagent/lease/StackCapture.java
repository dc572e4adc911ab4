package io.poolagent.lease;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Captures borrow stacks. A capture keeps only the JVM's compact backtrace ({@link BorrowStack})
 * and turns it into frames, at most {@code stackDepth} of them, only for the few leases that turn
 * out to leak.
 *
 * <p>A borrow whose call site the weaver marked goes through that site's {@link SiteStack}: where
 * the site is always reached by the same path, its borrows share one stack instead of each filling
 * a backtrace, which costs as much as HikariCP's leak detection and grows with the application's
 * stack depth. Borrows from unmarked sites (a framework's code, a method reference, a class loaded
 * before the agent) capture their own.
 *
 * <p>Measured (docs/benchmarks.md): a {@code StackWalker}, even limited to 16 frames, costs more
 * than the backtrace shallow and still grows with the depth; the backtrace costs about 25 ns per
 * frame. Only not walking the stack at all is cheap, hence the sites.
 */
public final class StackCapture {

  /**
   * Call sites the weaver may mark; past this, sites go unmarked and capture per borrow. Each
   * site holds at most one stack (a backtrace, and its frames once read: about 10 KiB at 64
   * frames), so this bounds what sites hold: an application has tens to hundreds of them.
   */
  public static final int MAX_SITES = 1 << 12;

  private static final StackTraceElement[] NONE = new StackTraceElement[0];

  private final int depth;
  private final double sampleRate;
  /** Indexed by site id; copied on write, since a site is added once and read on every borrow. */
  private volatile SiteStack[] sites = new SiteStack[0];

  public StackCapture(int depth, double sampleRate) {
    this.depth = depth;
    this.sampleRate = sampleRate;
  }

  /**
   * The stack of a borrow made at {@code site} (an id the weaver gave one call instruction, or 0
   * for none): below the agent's own frames, its own or its site's shared one; null when not
   * sampled.
   */
  public Object capture(int site) {
    if (sampleRate < 1.0
        && (sampleRate <= 0.0 || ThreadLocalRandom.current().nextDouble() >= sampleRate)) {
      return null;
    }
    if (site <= 0 || site >= MAX_SITES) {
      return new BorrowStack(depth);
    }
    return site(site).next(depth);
  }

  /** The stacks of {@code site}; created at its first borrow. */
  SiteStack site(int site) {
    SiteStack[] table = sites;
    if (site < table.length && table[site] != null) {
      return table[site];
    }
    return addSite(site);
  }

  private synchronized SiteStack addSite(int site) {
    SiteStack[] table = sites;
    if (site < table.length && table[site] != null) {
      return table[site];
    }
    SiteStack[] grown =
        Arrays.copyOf(
            table, Math.max(table.length, Math.min(MAX_SITES, Integer.highestOneBit(site) << 1)));
    grown[site] = new SiteStack();
    sites = grown;
    return grown[site];
  }

  /** Text form of what {@link #capture(int)} returned; empty for a borrow that was not sampled. */
  public static StackTraceElement[] materialize(Object captured) {
    if (!(captured instanceof BorrowStack)) {
      return NONE;
    }
    return ((BorrowStack) captured).frames().clone();
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
