package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseTableTest {

  private final ConnectionSource source = new ConnectionSource("pool", "hikari", SourceKind.POOL);
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

  private Lease leaseOf(Object connection) {
    return new Lease(connection, queue, source, System.nanoTime(), Thread.currentThread(), null, null, null);
  }

  @Test
  void aReturnFindsTheLeaseOfItsConnectionByIdentityOnly() {
    LeaseTable table = new LeaseTable();
    // Equal by equals() and hashCode(), yet two connections: the table must not confuse them.
    Object first = new EqualToEverything();
    Object second = new EqualToEverything();
    Lease firstLease = leaseOf(first);
    Lease secondLease = leaseOf(second);
    table.add(firstLease);
    table.add(secondLease);

    assertThat(table.removeByConnection(second)).isSameAs(secondLease);
    assertThat(table.removeByConnection(first)).isSameAs(firstLease);
    assertThat(table.size()).isZero();
  }

  @Test
  void aSecondCloseOfTheSameConnectionFindsNothing() {
    LeaseTable table = new LeaseTable();
    Object connection = new Object();
    table.add(leaseOf(connection));

    assertThat(table.removeByConnection(connection)).isNotNull();
    assertThat(table.removeByConnection(connection)).isNull();
  }

  @Test
  void aConnectionThatWasNeverBorrowedHasNoLease() {
    LeaseTable table = new LeaseTable();
    for (int i = 0; i < 100; i++) {
      Object connection = new Object();
      table.add(leaseOf(connection));
      table.removeByConnection(connection);
    }

    assertThat(table.removeByConnection(new Object())).isNull();
  }

  @Test
  void moreOpenLeasesThanSlotsGrowTheTableAndEveryLeaseIsStillFound() {
    LeaseTable table = new LeaseTable(16);
    List<Object> connections = new ArrayList<>();
    List<Lease> leases = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Object connection = new Object();
      connections.add(connection);
      Lease lease = leaseOf(connection);
      leases.add(lease);
      table.add(lease);
    }

    assertThat(table.tables()).isGreaterThan(1);
    assertThat(table.size()).isEqualTo(5_000);
    for (int i = 0; i < connections.size(); i++) {
      assertThat(table.removeByConnection(connections.get(i))).isSameAs(leases.get(i));
    }
    assertThat(table.size()).isZero();
  }

  @Test
  void olderTablesAreDroppedOnceEmptyAndKeptWhileTheyHoldALease() {
    LeaseTable table = new LeaseTable(16);
    List<Object> connections = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Object connection = new Object();
      connections.add(connection);
      table.add(leaseOf(connection));
    }
    int grownTo = table.tables();
    Object stillOpen = connections.get(0);
    for (Object connection : connections.subList(1, connections.size())) {
      table.removeByConnection(connection);
    }

    table.retireEmptyTables();
    assertThat(grownTo).isGreaterThan(2);
    assertThat(table.tables()).isEqualTo(2);
    assertThat(table.removeByConnection(stillOpen)).isNotNull();

    table.retireEmptyTables();
    assertThat(table.tables()).isEqualTo(1);
  }

  @Test
  void aCollectedLeaseIsRemovedByItselfOnce() {
    LeaseTable table = new LeaseTable();
    Lease lease = leaseOf(new Object());
    table.add(lease);

    assertThat(table.remove(lease)).isTrue();
    assertThat(table.remove(lease)).isFalse();
    assertThat(table.size()).isZero();
  }

  /**
   * Borrowers, double closers and the sweeper dropping tables, all at once on a table small
   * enough to grow many times: every lease ends exactly once and none is lost.
   */
  @Test
  void concurrentBorrowsReturnsAndTableDropsLoseNoLeaseAndEndNoneTwice() throws Exception {
    LeaseTable table = new LeaseTable(16);
    int threads = 4;
    int perThread = 20_000;
    AtomicInteger ended = new AtomicInteger();
    AtomicBoolean borrowing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      Future<?> sweeper =
          pool.submit(
              () -> {
                start.await();
                while (borrowing.get()) {
                  table.retireEmptyTables();
                }
                return null;
              });
      List<Future<List<Object>>> kept = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        kept.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Object> keptOpen = new ArrayList<>();
                  List<Object> recent = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    Object connection = new Object();
                    table.add(leaseOf(connection));
                    recent.add(connection);
                    if (i % 100 == 0) {
                      keptOpen.add(connection); // held open until the end
                      recent.remove(recent.size() - 1);
                    }
                    if (recent.size() == 64 || i == perThread - 1) {
                      // Release in bursts, each connection closed twice.
                      for (Object c : recent) {
                        for (int twice = 0; twice < 2; twice++) {
                          if (table.removeByConnection(c) != null) {
                            ended.incrementAndGet();
                          }
                        }
                      }
                      recent.clear();
                    }
                  }
                  return keptOpen;
                }));
      }
      start.countDown();
      List<Object> keptOpen = new ArrayList<>();
      for (Future<List<Object>> f : kept) {
        keptOpen.addAll(f.get());
      }
      borrowing.set(false);
      sweeper.get();

      assertThat(ended.get()).isEqualTo(threads * perThread - keptOpen.size());
      assertThat(table.size()).isEqualTo(keptOpen.size());
      for (Object connection : keptOpen) {
        assertThat(table.removeByConnection(connection)).isNotNull();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final class EqualToEverything {
    @Override
    public boolean equals(Object other) {
      return true;
    }

    @Override
    public int hashCode() {
      return 42;
    }
  }
}
