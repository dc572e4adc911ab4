package io.poolagent.lease;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The borrow stacks of one call site of {@code getConnection} in the application's code: an inline
 * cache for stacks.
 *
 * <p>Most call sites are reached by one path: a request handler's worker loop, a scheduled job, a
 * repository method called from one service. Every borrow there captures the same frames, and
 * capturing them costs as much as HikariCP's leak detection (the backtrace is filled frame by
 * frame, so the cost grows with the depth of the application's stack). So a site first learns:
 * its first {@value #LEARN} borrows capture their own stacks, and if the frames are the same
 * each time, that stack becomes the site's and later borrows share it, at no cost. A shared stack
 * is re-checked on a random 1 in {@value #RECHECK} borrows: a borrow captures its own and compares.
 * The first difference, while learning or after, makes the site <em>varying</em> for good: from
 * then on every borrow there captures its own stack, as without the cache.
 *
 * <p>The call site itself is never in doubt: the weaver marks the call instruction, so a site's
 * borrows all come from that line. What sharing can get wrong is only the frames above it, and
 * only for a path rare enough to escape both the learning and the re-checks.
 *
 * <p>Lock-free: the state moves by compare-and-set through immutable steps; a step lost to another
 * thread costs that borrow its vote, nothing else. Nothing is written on the shared path, so two
 * threads borrowing at one site do not contend for a cache line.
 */
final class SiteStack {

  /** Identical stacks needed before a site shares one. */
  static final int LEARN = 8;

  /** A shared stack is re-captured and compared on 1 in this many borrows (a power of two). */
  static final int RECHECK = 1024;

  private static final Object VARYING = new Object();

  private static final AtomicReferenceFieldUpdater<SiteStack, Object> STATE =
      AtomicReferenceFieldUpdater.newUpdater(SiteStack.class, Object.class, "state");

  /** Null before the first borrow, then {@link Learning}, a shared {@link BorrowStack}, or {@link #VARYING}. */
  private volatile Object state;

  /** What one borrow at this site keeps as its stack. */
  BorrowStack next(int depth) {
    Object seen = state;
    if (seen instanceof BorrowStack) {
      BorrowStack shared = (BorrowStack) seen;
      if ((ThreadLocalRandom.current().nextInt() & (RECHECK - 1)) != 0) {
        return shared;
      }
      BorrowStack own = new BorrowStack(depth);
      if (!own.sameFramesAs(shared)) {
        STATE.compareAndSet(this, seen, VARYING);
      }
      return own;
    }
    BorrowStack own = new BorrowStack(depth);
    if (seen != VARYING) {
      STATE.compareAndSet(this, seen, learn(seen, own));
    }
    return own;
  }

  /** Whether borrows here now share one stack (for tests and the agent's debug log). */
  boolean isShared() {
    return state instanceof BorrowStack;
  }

  /** Whether this site has been seen reached by different paths. */
  boolean isVarying() {
    return state == VARYING;
  }

  private static Object learn(Object seen, BorrowStack own) {
    if (seen == null) {
      return new Learning(own, 1);
    }
    Learning learning = (Learning) seen;
    if (!own.sameFramesAs(learning.stack)) {
      return VARYING;
    }
    return learning.matches + 1 >= LEARN
        ? learning.stack
        : new Learning(learning.stack, learning.matches + 1);
  }

  /** A site still learning: the stack its borrows have had so far, and how many times. */
  private record Learning(BorrowStack stack, int matches) {}
}
