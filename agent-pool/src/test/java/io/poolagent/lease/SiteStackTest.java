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
  void aSiteReachedByTwoPathsInTurnCapturesEveryBorrowsOwnStack() {
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
  void aSiteWhosePathChangesForGoodLearnsTheNewOne() {
    for (int i = 0; i < SiteStack.LEARN; i++) {
      fromOrders();
    }
    assertThat(capture.site(SITE).isShared()).isTrue();

    // Each borrow re-checks with a probability of 1/1024: 20,000 borrows all missing it has a
    // probability of about 3e-9.
    Object last = null;
    for (int i = 0; i < 20_000 && !"fromInvoices".equals(path(last)); i++) {
      last = fromInvoices();
    }
    Object found = last;
    assertThat(path(found)).as("the borrow that found the new path keeps its own stack")
        .isEqualTo("fromInvoices");
    List<Object> after = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      after.add(fromInvoices());
    }

    // Learning again (the loop above is another line of this method, so the stack that found the
    // change differs from these too: one more change, well within the budget), then sharing.
    assertThat(capture.site(SITE).isShared()).isTrue();
    Object shared = after.get(0);
    assertThat(path(shared)).isEqualTo("fromInvoices");
    assertThat(after.subList(SiteStack.LEARN, after.size()))
        .filteredOn(stack -> stack == shared)
        .hasSizeGreaterThan(80);
  }

  @Test
  void reChecksThatKeepAgreeingBackOffAndStillFindAChangeOfPath() {
    SiteStack site = capture.site(SITE);

    // One line borrows throughout (a borrow from another line of this method has other frames).
    // Learning, then six agreeing re-checks in a row at 1 in 1,024, 2,048 and so on up to 32,768:
    // about 64,500 borrows expected; 2 million falling short has a probability below 1e-12.
    Object shared = null;
    int firstInterval = 0;
    int borrows = 0;
    while (borrows < 2_000_000 && site.recheckInterval() < SiteStack.MAX_RECHECK) {
      Object stack = fromOrders();
      if (borrows == 0) {
        shared = stack;
      } else if (borrows >= SiteStack.LEARN) {
        assertThat(stack).as("a re-check that agrees hands out the shared stack").isSameAs(shared);
      }
      if (firstInterval == 0) {
        firstInterval = site.recheckInterval();
      }
      borrows++;
    }
    assertThat(firstInterval).isEqualTo(SiteStack.RECHECK);
    assertThat(site.recheckInterval()).isEqualTo(SiteStack.MAX_RECHECK);
    assertThat(borrows).isGreaterThan(SiteStack.RECHECK);

    // At 1 in 65,536, 2 million borrows all missing a re-check has a probability of about 6e-14.
    Object last = null;
    for (int i = 0; i < 2_000_000 && !"fromInvoices".equals(path(last)); i++) {
      last = fromInvoices();
    }
    assertThat(path(last)).isEqualTo("fromInvoices");
    assertThat(site.isShared()).as("learning the new path").isFalse();
  }

  @Test
  void aRarePathFoundAgainByTheRechecksMakesTheSiteVarying() {
    for (int i = 0; i < SiteStack.LEARN; i++) {
      fromOrders();
    }

    // One borrow in ten takes the other path; the re-checks find it among the shared borrows,
    // learning returns to the common path, and the next find is one change too many. Re-checks
    // back off while they land on the common path, to 1 in 65,536 at most, where each still finds
    // the rare path with a chance of 1 in 10: 20 million borrows leave room for dozens of finds.
    for (int i = 0; i < 20_000_000 && !capture.site(SITE).isVarying(); i++) {
      if (i % 10 == 0) {
        fromInvoices();
      } else {
        fromOrders();
      }
    }

    assertThat(capture.site(SITE).isVarying()).isTrue();
    assertThat(path(fromInvoices())).isEqualTo("fromInvoices");
    assertThat(path(fromOrders())).isEqualTo("fromOrders");
  }

  @Test
  void aVaryingSiteLearnsAgainOnceItsPathsConverge() {
    for (int i = 0; i < 2 * SiteStack.MAX_CHANGES; i++) {
      fromOrders();
      fromInvoices();
    }
    assertThat(capture.site(SITE).isVarying()).isTrue();

    // Learning again comes on 1 in 4096 borrows: 100,000 without it has a probability of 3e-11.
    for (int i = 0; i < 100_000 && !capture.site(SITE).isShared(); i++) {
      fromOrders();
    }

    assertThat(capture.site(SITE).isShared()).isTrue();
    assertThat(path(fromOrders())).isEqualTo("fromOrders");
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
