package io.poolagent.lease;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One borrow of a connection, from {@code getConnection} to {@code close()}.
 *
 * <p>A lease refers to its connection only weakly: a connection the application dropped without
 * closing is garbage-collected as it would be without the agent, and the lease, queued by the
 * collector, becomes a collected leak. The lease is also its own entry in the {@link LeaseTable},
 * which saves an entry object per borrow; it keeps its slot there, and, unless its connection
 * carries it, the connection's identity hash, by which a return finds it.
 */
public final class Lease extends WeakReference<Object> {

  /**
   * Not an {@code AtomicReferenceFieldUpdater}: every return moves the state, and the updater
   * checks the receiver's class and the value's type on each call, where a VarHandle's checks
   * fold away once compiled.
   */
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Lease.class, "state", LeakState.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The connection's identity hash; 0 for a lease its connection carries (never looked up). */
  final int hash;
  /**
   * Where the {@link LeaseTable} put this lease: an index into the table it went into. Written
   * by the borrowing thread before anyone else can know of the lease.
   */
  int slot;
  final ConnectionSource source;
  /** {@link System#nanoTime()} when {@code getConnection} returned: hold time starts here. */
  final long borrowNanos;
  final String threadName;
  final long threadId;
  /** What {@link StackCapture#capture(int)} returned, or null when this borrow was not sampled. */
  final Object stack;
  /** What the {@link BorrowContext} captured, or null. */
  final Object context;
  /**
   * For a managed pool's lease, its pooled connection (never the handed-out object, which must
   * stay collectable): what {@link ConnectionSource#reclaim} closes if the application drops the
   * lease. Null otherwise.
   */
  final Object pooled;

  private volatile LeakState state = LeakState.OPEN;

  /** Set by the {@link LeakLedger}, under its lock, when this lease first becomes a leak. */
  LeakRecord leak;

  Lease(
      Object connection,
      ReferenceQueue<Object> queue,
      ConnectionSource source,
      long borrowNanos,
      Thread thread,
      Object stack,
      Object context,
      Object pooled,
      boolean carried) {
    super(connection, queue);
    // A proxy handed out per borrow has no identity hash yet: making one is a call into the JVM.
    this.hash = carried ? 0 : System.identityHashCode(connection);
    this.source = source;
    this.borrowNanos = borrowNanos;
    this.threadName = thread.getName();
    this.threadId = thread.getId();
    this.stack = stack;
    this.context = context;
    this.pooled = pooled;
  }

  LeakState state() {
    return state;
  }

  boolean transition(LeakState from, LeakState to) {
    return STATE.compareAndSet(this, from, to);
  }

  /** The thread as users know it; virtual threads are usually unnamed, so they get their id. */
  String threadLabel() {
    return threadName.isEmpty() ? "virtual-thread-#" + threadId : threadName;
  }
}
