package io.poolagent.lease;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The open leases, each found by the identity of its connection or handed back by a connection
 * that carries it. Connections' own {@code equals} and {@code hashCode} are never called: wrappers
 * and proxies may delegate them to the database.
 *
 * <p>Why not a {@code ConcurrentHashMap}: its {@code put} and {@code remove} take a monitor on a
 * busy bin, which pins a virtual thread to its carrier before JDK 24, and each entry and look-up
 * allocates (a node, a probe key). Here a borrow is one compare-and-set into an array slot, and a
 * return is a few reads and one compare-and-set, with no lock and no allocation.
 *
 * <p>How it works:
 *
 * <ul>
 *   <li>A table is an array of slots probed linearly, at most {@link #MAX_PROBE} slots. A slot is
 *       empty (null, only before its first use), a {@link Lease}, or {@link #REMOVED}. A borrow
 *       takes the first empty or removed slot; a return swaps its lease for {@code REMOVED}. That
 *       swap is the one place a lease ends, so two threads closing one connection end it once.
 *   <li>Where a lease goes: from the connection's identity hash, where a return probes for it,
 *       stopping at the first empty slot (a slot is never emptied again). Or, for a lease its
 *       connection carries ({@code LeaseCarrier} in the bootstrap bridge), from the borrowing
 *       thread's own run of slots: the return comes with the lease and swaps it where it lies
 *       ({@link Lease#slot}). That needs no hash, which a proxy handed out per borrow does not
 *       have yet; and a thread borrowing and returning keeps writing the same cache line, where
 *       leases placed by hash had two threads writing lines the other had written last (with two
 *       threads, the table's compare-and-sets cost about 65 ns more per cycle than with one:
 *       docs/benchmarks.md). A thread whose run is full (it holds many leases, or leaked them)
 *       probes from random slots.
 *   <li>Tables never move leases. When a borrow finds no free slot within its probe, a table of
 *       twice the size goes in front ({@code tables[0]} takes new leases) and the older ones only
 *       lose leases until they are empty. Moving leases while other threads look them up is where
 *       lock-free maps get subtle; never moving them removes that problem.
 *   <li>The sweeper drops an older table once it is empty. A borrow may still be adding to that
 *       table, having read the table list just before a newer table went in front; see {@link
 *       #retireEmptyTables} for how the two agree.
 * </ul>
 */
final class LeaseTable {

  /** Slots a borrow or return looks at per table: 16 references, one or two cache lines. */
  static final int MAX_PROBE = 16;

  static final int INITIAL_CAPACITY = 1024;

  /** Random probes a carried lease makes when its thread's run is full, before the table grows. */
  private static final int RANDOM_PROBES = 4;

  /** A slot whose lease ended. Not null: a look-up must go on past it. */
  private static final Object REMOVED = new Object();

  private static final VarHandle TABLES;

  static {
    try {
      TABLES = MethodHandles.lookup().findVarHandle(LeaseTable.class, "tables", Slots[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Newest first; replaced as a whole (copy on write), only when a table is added or dropped. */
  private volatile Slots[] tables;

  LeaseTable() {
    this(INITIAL_CAPACITY);
  }

  LeaseTable(int initialCapacity) {
    tables = new Slots[] {new Slots(Integer.highestOneBit(Math.max(MAX_PROBE, initialCapacity)))};
  }

  /**
   * @param carried the lease's connection carries it, and returns come with the lease: it may
   *     go anywhere, rather than where a look-up by the connection's hash would probe
   */
  void add(Lease lease, boolean carried) {
    while (true) {
      Slots[] seen = tables;
      Slots newest = seen[0];
      int index = newest.claim(lease, carried ? home() : lease.hash);
      // A full run is a cluster of 16 taken slots, and random probes that start inside it lengthen
      // it, as in any linear probing; one probe per lease made a thread holding 300 leases grow a
      // table of 1,024 slots in 61% of runs. Hash placement never starts from such a cluster.
      for (int probe = 0; index < 0 && carried && probe < RANDOM_PROBES; probe++) {
        index = newest.claim(lease, ThreadLocalRandom.current().nextInt());
      }
      if (index < 0) {
        grow(seen);
        continue;
      }
      lease.slot = index;
      // Pairs with retireEmptyTables: the sweeper marks a table, then looks at its slots; we
      // filled a slot, then look at the mark. Both are volatile, so at least one of us sees the
      // other. If we see the mark, the lease may be in a table about to be dropped: take it back
      // (the lease is new, nobody else can have ended it) and add it again to the newest table.
      if (!newest.retiring || !newest.slots.compareAndSet(index, lease, REMOVED)) {
        return;
      }
    }
  }

  /** Ends and returns the open lease of {@code connection}, or null if it has none. */
  Lease removeByConnection(Object connection) {
    int hash = System.identityHashCode(connection);
    for (Slots table : tables) {
      Lease lease = table.removeConnection(hash, connection);
      if (lease != null) {
        return lease;
      }
    }
    return null;
  }

  /**
   * Ends {@code lease} if it is still open: for a return that came with its lease, and for a lease
   * the collector queued. False if it had ended already.
   */
  boolean remove(Lease lease) {
    // The slot is an index into the table the lease went into, which is one of these.
    for (Slots table : tables) {
      if (table.removeAt(lease.slot, lease)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The start of the current thread's run of slots: a run of {@link #MAX_PROBE}, spread by the
   * thread's id (sequential ids, so multiplied by the golden ratio first).
   */
  @SuppressWarnings("deprecation") // threadId() is Java 19+; getId() is the same number
  private static int home() {
    long spread = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
    return (int) (spread >>> 32) * MAX_PROBE;
  }

  /** The leases open now. For the sweeper and the exit, never the borrow or return path. */
  List<Lease> open() {
    List<Lease> open = new ArrayList<>();
    for (Slots table : tables) {
      table.collect(open);
    }
    return open;
  }

  int size() {
    return open().size();
  }

  /** How many tables are in use: 1 unless a burst of open leases outgrew the first. */
  int tables() {
    return tables.length;
  }

  /**
   * Drops older tables that hold no lease. Sweeper thread only: it is the one thread that removes
   * tables, so a failed swap of the list can only mean that a borrow added a newer table.
   *
   * <p>A borrow that read the list before the newest table went in front may be adding to an
   * older table right now. The sweeper marks the table, then scans it; the borrow fills its slot,
   * then reads the mark (see {@link #add}). Either the scan sees the lease and the table stays, or
   * the borrow sees the mark and moves its lease to the newest table.
   */
  void retireEmptyTables() {
    Slots[] seen = tables;
    for (int i = 1; i < seen.length; i++) {
      Slots table = seen[i];
      table.retiring = true;
      if (table.isEmpty()) {
        drop(table);
      } else {
        table.retiring = false;
      }
    }
  }

  private void grow(Slots[] seen) {
    Slots[] grown = new Slots[seen.length + 1];
    grown[0] = new Slots(seen[0].capacity() * 2);
    System.arraycopy(seen, 0, grown, 1, seen.length);
    // Losing the race means another borrow grew it first: its table is as good as ours.
    TABLES.compareAndSet(this, seen, grown);
  }

  private void drop(Slots table) {
    while (true) {
      Slots[] seen = tables;
      List<Slots> kept = new ArrayList<>(seen.length);
      for (Slots t : seen) {
        if (t != table) {
          kept.add(t);
        }
      }
      if (TABLES.compareAndSet(this, seen, kept.toArray(new Slots[0]))) {
        return;
      }
    }
  }

  /** One open-addressing array of leases; capacity a power of two. */
  private static final class Slots {
    final AtomicReferenceArray<Object> slots;
    final int mask;
    /** Set by the sweeper while it decides whether to drop this table. */
    volatile boolean retiring;

    Slots(int capacity) {
      slots = new AtomicReferenceArray<>(capacity);
      mask = capacity - 1;
    }

    int capacity() {
      return mask + 1;
    }

    /**
     * Puts the lease in the first free slot of the probe from {@code start} and returns it, or -1
     * if none is free.
     */
    int claim(Lease lease, int start) {
      int index = start & mask;
      for (int probe = 0; probe < MAX_PROBE; probe++, index = (index + 1) & mask) {
        Object current = slots.get(index);
        if ((current == null || current == REMOVED)
            && slots.compareAndSet(index, current, lease)) {
          return index;
        }
      }
      return -1;
    }

    Lease removeConnection(int hash, Object connection) {
      int index = hash & mask;
      for (int probe = 0; probe < MAX_PROBE; probe++, index = (index + 1) & mask) {
        Object current = slots.get(index);
        if (current == null) {
          return null;
        }
        if (current instanceof Lease) {
          Lease lease = (Lease) current;
          if (lease.hash == hash
              && lease.get() == connection
              && slots.compareAndSet(index, lease, REMOVED)) {
            return lease;
          }
        }
      }
      return null;
    }

    /**
     * Ends {@code lease} if it lies at {@code slot} of this table. In any other table the slot
     * holds something else, or is out of range, and the read spares it a failing compare-and-set.
     */
    boolean removeAt(int slot, Lease lease) {
      return slot <= mask && slots.get(slot) == lease && slots.compareAndSet(slot, lease, REMOVED);
    }

    void collect(List<Lease> into) {
      for (int i = 0; i < slots.length(); i++) {
        Object current = slots.get(i);
        if (current instanceof Lease) {
          into.add((Lease) current);
        }
      }
    }

    boolean isEmpty() {
      for (int i = 0; i < slots.length(); i++) {
        if (slots.get(i) instanceof Lease) {
          return false;
        }
      }
      return true;
    }
  }
}
