package io.poolagent.bootstrap;

/**
 * A connection that keeps its own lease. The weaver adds this interface, and a field behind it, to
 * each connection class whose {@code close()} it weaves as the class is first loaded: the return
 * path then reads the lease from the connection, where otherwise it would find it in the open
 * leases by the connection's identity hash. That hash is made on the first request, and a pool
 * hands out a new proxy object on every borrow (HikariCP does), so each borrow paid for a new one;
 * and a table placed by hash spreads the threads' writes across its cache lines, where a carried
 * lease lets each thread keep to its own (docs/benchmarks.md). The OpenTelemetry Java agent keeps
 * its per-object state the same way ({@code VirtualField}).
 *
 * <p>A class the JVM had loaded before the agent (an {@code attach}) cannot gain a field, and one
 * that declares {@code Serializable} is not given one (it would change the {@code
 * serialVersionUID} the JVM computes for it): their connections' leases are found by identity.
 *
 * <p>The field is plain, not volatile: a volatile write would cost every borrow a fence. A
 * connection closed on another thread than the one that borrowed it reached that thread through
 * something that orders the two (an executor, a queue, a lock), as the pools' own proxies assume:
 * HikariCP's proxy keeps its delegate in a plain field too. Only a connection shared by a data race
 * could be closed without its lease being seen, and it would then be reported as a leak.
 *
 * <p>The method names carry the agent's name: they share the class with the connection's own
 * methods.
 */
public interface LeaseCarrier {

  /** The lease of this connection's current borrow, or null. */
  Object poolAgent$lease();

  void poolAgent$lease(Object lease);
}
