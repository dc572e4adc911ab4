package io.poolagent.lease;

import java.util.List;

/**
 * A lease became a leak, or a leak changed state (a suspected one came back late, was collected,
 * or was still open at exit). What exporters turn into a span and a counter increment.
 *
 * @param borrowEpochNanos wall-clock time of the borrow, nanoseconds since the epoch
 * @param detectedEpochNanos wall-clock time this state was reached
 * @param stack the borrow stack, innermost first; empty when the borrow was not sampled
 * @param borrowContext what the {@link BorrowContext} captured at the borrow, or null
 * @param previous the leak state this lease left, or null when it just became a leak
 */
public record LeakEvent(
    LeakState state,
    LeakState previous,
    String pool,
    String callSite,
    String thread,
    long borrowEpochNanos,
    long detectedEpochNanos,
    long heldNanos,
    List<String> stack,
    Object borrowContext) {}
