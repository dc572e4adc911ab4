package io.poolagent.lease;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open leases, found by the identity of their connection. Connections' own {@code equals} and
 * {@code hashCode} are never called: wrappers and proxies may delegate them to the database.
 *
 * <p>Backed by a {@link ConcurrentHashMap} whose keys are the leases themselves; a look-up passes a
 * short-lived {@link Probe} that matches a lease by the identity of its referent (the map calls
 * {@code probe.equals(lease)}, never the other way round).
 */
final class LeaseTable {

  private final ConcurrentHashMap<Lease, Lease> leases = new ConcurrentHashMap<>(256);

  void add(Lease lease) {
    leases.put(lease, lease);
  }

  /** Removes and returns the open lease of {@code connection}, or null if it has none. */
  Lease removeByConnection(Object connection) {
    return leases.remove(new Probe(connection));
  }

  /** Removes a lease that the collector queued; its connection is gone, so match the lease. */
  boolean remove(Lease lease) {
    return leases.remove(lease) != null;
  }

  Collection<Lease> open() {
    return leases.values();
  }

  int size() {
    return leases.size();
  }

  /** A look-up key; equal to the lease whose connection is {@code target}. */
  private static final class Probe {
    private final Object target;
    private final int hash;

    Probe(Object target) {
      this.target = target;
      this.hash = System.identityHashCode(target);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Lease && ((Lease) other).get() == target;
    }
  }
}
