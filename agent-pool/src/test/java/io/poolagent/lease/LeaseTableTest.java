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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseTableTest {

  private final ConnectionSource source = new ConnectionSource("pool", "hikari", SourceKind.POOL);
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

  private Lease leaseOf(Object connection) {
    return leaseOf(connection, false);
  }

  private Lease leaseOf(Object connection, boolean carried) {
    return new Lease(
        connection, queue, source, System.nanoTime(), Thread.currentThread(), null, null, null,
        carried);
  }

  @Test
  void aReturnFindsTheLeaseOfItsConnectionByIdentityOnly() {
    LeaseTable table = new LeaseTable();
    // Equal by equals() and hashCode(), yet two connections: the table must not confuse them.
    Object first = new EqualToEverything();
    Object second = new EqualToEverything();
    Lease firstLease = leaseOf(first);
    Lease secondLease = leaseOf(second);
    table.add(firstLease, false);
    table.add(secondLease, false);

    assertThat(table.removeByConnection(second)).isSameAs(secondLease);
    assertThat(table.removeByConnection(first)).isSameAs(firstLease);
    assertThat(table.size()).isZero();
  }

  @Test
  void aSecondCloseOfTheSameConnectionFindsNothing() {
    LeaseTable table = new LeaseTable();
    Object connection = new Object();
    table.add(leaseOf(connection), false);

    assertThat(table.removeByConnection(connection)).isNotNull();
    assertThat(table.removeByConnection(connection)).isNull();
  }

  @Test
  void aConnectionThatWasNeverBorrowedHasNoLease() {
    LeaseTable table = new LeaseTable();
    for (int i = 0; i < 100; i++) {
      Object connection = new Object();
      table.add(leaseOf(connection), false);
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
      table.add(lease, false);
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
      table.add(leaseOf(connection), false);
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
    table.add(lease, false);

    assertThat(table.remove(lease)).isTrue();
    assertThat(table.remove(lease)).isFalse();
    assertThat(table.size()).isZero();
  }

  @Test
  void aCarriedLeaseIsEndedByItselfOnceAndNeverByALookUpOfItsConnection() {
    LeaseTable table = new LeaseTable();
    Object connection = new Object();
    Lease lease = leaseOf(connection, true);
    table.add(lease, true);

    // Its connection hands it back on return; a look-up by identity is for the others.
    assertThat(table.removeByConnection(connection)).isNull();
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.remove(lease)).isTrue();
    assertThat(table.remove(lease)).isFalse();
    assertThat(table.size()).isZero();
  }

  /**
   * A thread's own run of slots is 16 long; a thread that leaks hundreds of connections must not
   * make the table double every 16 of them (19 tables for these 300). Past its run, a lease goes
   * where one of a few random probes finds room. (With one probe, this grew the table in 61% of
   * 20,000 runs: probes that start in the full run lengthen it. With four, in none.)
   */
  @Test
  void oneThreadHoldingManyCarriedLeasesFillsTheTableBeforeGrowingIt() {
    LeaseTable table = new LeaseTable(1024);
    List<Lease> held = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Lease lease = leaseOf(new Object(), true);
      table.add(lease, true);
      held.add(lease);
    }

    assertThat(table.tables()).isEqualTo(1);
    assertThat(table.size()).isEqualTo(300);
    for (Lease lease : held) {
      assertThat(table.remove(lease)).isTrue();
    }
    assertThat(table.size()).isZero();
  }

  @Test
  void carriedLeasesInOlderTablesAreStillEndedWhereTheyLie() {
    LeaseTable table = new LeaseTable(16);
    List<Lease> leases = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Lease lease = leaseOf(new Object(), i % 2 == 0);
      table.add(lease, i % 2 == 0);
      leases.add(lease);
    }

    assertThat(table.tables()).isGreaterThan(1);
    for (Lease lease : leases) {
      assertThat(table.remove(lease)).isTrue();
    }
    assertThat(table.size()).isZero();
    table.retireEmptyTables();
    assertThat(table.tables()).isEqualTo(1);
  }

  /**
   * Borrowers, double closers and the sweeper dropping tables, all at once on a table small
   * enough to grow many times: every lease ends exactly once and none is lost. Returns find the
   * lease by the connection's identity, or are handed it by a connection that carries it.
   */
  @ParameterizedTest(name = "carried = {0}")
  @ValueSource(booleans = {false, true})
  void concurrentBorrowsReturnsAndTableDropsLoseNoLeaseAndEndNoneTwice(boolean carried)
      throws Exception {
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
      List<Future<List<Object[]>>> kept = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        kept.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each entry: a connection and its lease, the connection strongly held.
                  List<Object[]> keptOpen = new ArrayList<>();
                  List<Object[]> recent = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    Object connection = new Object();
                    Lease lease = leaseOf(connection, carried);
                    table.add(lease, carried);
                    recent.add(new Object[] {connection, lease});
                    if (i % 100 == 0) {
                      keptOpen.add(recent.remove(recent.size() - 1)); // held open until the end
                    }
                    if (recent.size() == 64 || i == perThread - 1) {
                      // Release in bursts, each connection closed twice.
                      for (Object[] borrow : recent) {
                        for (int twice = 0; twice < 2; twice++) {
                          if (returned(table, borrow, carried)) {
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
      List<Object[]> keptOpen = new ArrayList<>();
      for (Future<List<Object[]>> f : kept) {
        keptOpen.addAll(f.get());
      }
      borrowing.set(false);
      sweeper.get();

      assertThat(ended.get()).isEqualTo(threads * perThread - keptOpen.size());
      assertThat(table.size()).isEqualTo(keptOpen.size());
      for (Object[] borrow : keptOpen) {
        assertThat(returned(table, borrow, carried)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean returned(LeaseTable table, Object[] borrow, boolean carried) {
    return carried ? table.remove((Lease) borrow[1]) : table.removeByConnection(borrow[0]) != null;
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
