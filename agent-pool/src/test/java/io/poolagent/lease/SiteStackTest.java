package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Borrows at one marked call site share a stack only while every stack seen there is the same;
 * the first different one makes each borrow capture its own again.
 */
class SiteStackTest {

  private static final int SITE = 7;

  private final StackCapture capture = new StackCapture(64, 1.0);

  @Test
  void aSiteReachedByOnePathSharesTheStackItLearnt() {
    List<Object> stacks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      stacks.add(fromOrders());
    }

    // The learning borrows keep their own stacks, and the first becomes the site's: from then on
    // it serves every borrow there, but for the rare re-check.
    Object shared = stacks.get(0);
    assertThat(stacks.subList(1, SiteStack.LEARN)).doesNotContain(shared).doesNotHaveDuplicates();
    assertThat(stacks.subList(SiteStack.LEARN, stacks.size()))
        .filteredOn(stack -> stack == shared)
        .hasSizeGreaterThan(80);
    assertThat(capture.site(SITE).isShared()).isTrue();
    assertThat(StackCapture.callSite(StackCapture.materialize(shared))).isEqualTo(AppCode.CALL_SITE);
    assertThat(path(shared)).isEqualTo("fromOrders");
  }

  @Test
  void aSiteReachedByTwoPathsCapturesEveryBorrowsOwnStack() {
    List<Object> stacks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stacks.add(fromOrders());
      stacks.add(fromInvoices());
    }

    assertThat(capture.site(SITE).isVarying()).isTrue();
    assertThat(stacks).doesNotHaveDuplicates();
    for (int i = 0; i < stacks.size(); i++) {
      assertThat(path(stacks.get(i))).isEqualTo(i % 2 == 0 ? "fromOrders" : "fromInvoices");
    }
  }

  @Test
  void aNewPathToASharedSiteIsFoundByTheRechecks() {
    for (int i = 0; i < SiteStack.LEARN; i++) {
      fromOrders();
    }
    assertThat(capture.site(SITE).isShared()).isTrue();

    // Each borrow re-checks with a probability of 1/1024: 20,000 borrows all missing it has a
    // probability of about 3e-9.
    Object last = null;
    for (int i = 0; i < 20_000 && !capture.site(SITE).isVarying(); i++) {
      last = fromInvoices();
    }

    assertThat(capture.site(SITE).isVarying()).isTrue();
    assertThat(path(last))
        .as("the borrow that found the new path keeps its own stack")
        .isEqualTo("fromInvoices");
    assertThat(path(fromInvoices())).isEqualTo("fromInvoices");
  }

  @Test
  void sitesAreApartAndUnmarkedBorrowsCaptureTheirOwn() {
    for (int i = 0; i < 2 * SiteStack.LEARN; i++) {
      fromOrders();
    }

    assertThat(capture.site(SITE + 1).isShared()).isFalse();
    assertThat(capture.capture(0)).isNotSameAs(capture.capture(0));
    assertThat(capture.capture(StackCapture.MAX_SITES)).isNotNull();
  }

  @Test
  void sampleRateZeroCapturesNothingAtAMarkedSite() {
    assertThat(new StackCapture(64, 0.0).capture(SITE)).isNull();
  }

  // Two paths to one site. The frames on top (this class's lambdas) are in the agent's package
  // and dropped from every stack: what tells the paths apart is below the application's frame.
  private Object fromOrders() {
    AtomicReference<Object> captured = new AtomicReference<>();
    AppCode.run(() -> captured.set(capture.capture(SITE)));
    return captured.get();
  }

  private Object fromInvoices() {
    AtomicReference<Object> captured = new AtomicReference<>();
    AppCode.run(() -> captured.set(capture.capture(SITE)));
    return captured.get();
  }

  /** Which of the two paths a stack went through. */
  private static String path(Object stack) {
    for (StackTraceElement frame : StackCapture.materialize(stack)) {
      if (frame.getMethodName().startsWith("from")) {
        return frame.getMethodName();
      }
    }
    return "neither";
  }
}
