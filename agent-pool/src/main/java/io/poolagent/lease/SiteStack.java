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
 * its borrows capture their own stacks, and once {@value #LEARN} in a row had the same frames,
 * that stack becomes the site's and later borrows share it, at no cost. A shared stack is
 * re-checked on a random 1 in {@value #RECHECK} borrows: that borrow captures its own and compares.
 * Each re-check that finds the same frames halves the rate, down to 1 in {@value #MAX_RECHECK}: a
 * re-check turns the whole backtrace into text ({@code getStackTrace}: 1 us shallow, 17 us 150
 * frames deeper in a plain loop), and at a fixed 1 in 1,024 the re-checks were a seventh of what
 * the agent cost per request in a profile of the load scenario (docs/benchmarks.md). A site whose
 * re-checks keep agreeing is reached by one path; the price is that a path change late in a run
 * is noticed after tens of thousands of borrows rather than about a thousand.
 *
 * <p>A difference, while learning or at a re-check, starts the learning again from the new stack.
 * A path can change once for good: the first borrow of a pool takes a path of its own, and on Java
 * 17 reflection switches to a generated accessor after 15 calls, which changes the frames of
 * everything a framework calls reflectively. A site whose stack changes {@value #MAX_CHANGES}
 * times is reached by several paths: it becomes <em>varying</em>, and every borrow there captures
 * its own stack, as without the cache. Paths can also differ for a while and then converge
 * (threads inside a reflective call while its accessor is replaced), so a varying site learns
 * again on a random 1 in {@value #RELEARN} of its borrows, and 4 times more rarely each time it
 * turns out varying again: a site with several paths for good ends up learning almost never.
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

  /** Identical stacks in a row before a site shares one. */
  static final int LEARN = 8;

  /** A shared stack is re-captured and compared on 1 in this many borrows (a power of two). */
  static final int RECHECK = 1024;

  /** The rarest re-check, reached after re-checks in a row found the same frames. */
  static final int MAX_RECHECK = 1 << 16;

  /** Changes of a site's stack after which it is taken to have several paths. */
  static final int MAX_CHANGES = 4;

  /** A varying site learns again on 1 in this many borrows, then 4 times more rarely each round. */
  static final int RELEARN = 4096;

  /** Rounds after which the chance of learning again stops falling: 1 in 2^28 borrows. */
  private static final int MAX_ROUNDS = 8;

  private static final AtomicReferenceFieldUpdater<SiteStack, Object> STATE =
      AtomicReferenceFieldUpdater.newUpdater(SiteStack.class, Object.class, "state");

  /** Null before the first borrow, then {@link Learning}, {@link Shared} or {@link Varying}. */
  private volatile Object state;

  /** What one borrow at this site keeps as its stack. */
  BorrowStack next(int depth) {
    Object seen = state;
    if (seen instanceof Shared) {
      Shared shared = (Shared) seen;
      if ((ThreadLocalRandom.current().nextInt() & shared.recheckMask) != 0) {
        return shared.stack;
      }
      BorrowStack own = new BorrowStack(depth);
      if (!own.sameFramesAs(shared.stack)) {
        STATE.compareAndSet(this, seen, changed(own, shared.changes, shared.round));
        return own;
      }
      if (shared.recheckMask < MAX_RECHECK - 1) {
        STATE.compareAndSet(this, seen, shared.confirmed());
      }
      // The same frames: the shared stack serves, and this borrow's own is garbage at once.
      return shared.stack;
    }
    BorrowStack own = new BorrowStack(depth);
    if (seen instanceof Varying) {
      Varying varying = (Varying) seen;
      if ((ThreadLocalRandom.current().nextInt() & varying.relearnMask()) == 0) {
        STATE.compareAndSet(this, seen, new Learning(own, 1, 0, varying.round + 1));
      }
      return own;
    }
    STATE.compareAndSet(this, seen, learn((Learning) seen, own));
    return own;
  }

  /** Whether borrows here now share one stack (for tests). */
  boolean isShared() {
    return state instanceof Shared;
  }

  /** Whether this site has been found reached by several paths (for tests). */
  boolean isVarying() {
    return state instanceof Varying;
  }

  private static Object learn(Learning learning, BorrowStack own) {
    if (learning == null) {
      return new Learning(own, 1, 0, 0);
    }
    if (!own.sameFramesAs(learning.stack)) {
      return changed(own, learning.changes, learning.round);
    }
    return learning.matches + 1 >= LEARN
        ? new Shared(learning.stack, learning.changes, learning.round, RECHECK - 1)
        : new Learning(learning.stack, learning.matches + 1, learning.changes, learning.round);
  }

  private static Object changed(BorrowStack own, int changes, int round) {
    return changes + 1 >= MAX_CHANGES
        ? new Varying(round)
        : new Learning(own, 1, changes + 1, round);
  }

  /**
   * A site learning: the stack its last borrows had, how many in a row, the changes so far, and
   * how many times it was found varying before.
   */
  private record Learning(BorrowStack stack, int matches, int changes, int round) {}

  /** Borrows here share {@code stack}; a random int with no bit of the mask means re-check. */
  private record Shared(BorrowStack stack, int changes, int round, int recheckMask) {
    Shared confirmed() {
      return new Shared(stack, changes, round, recheckMask << 1 | 1);
    }
  }

  /** The shared stack is re-checked on 1 in this many borrows; 0 if not shared (for tests). */
  int recheckInterval() {
    Object seen = state;
    return seen instanceof Shared ? ((Shared) seen).recheckMask + 1 : 0;
  }

  /** A site found reached by several paths, for the {@code round}-th time (from 0). */
  private record Varying(int round) {
    int relearnMask() {
      return (RELEARN << (2 * Math.min(round, MAX_ROUNDS))) - 1;
    }
  }
}
