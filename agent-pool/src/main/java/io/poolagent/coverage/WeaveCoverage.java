package io.poolagent.coverage;

import io.poolagent.report.Report.Coverage;
import io.poolagent.report.Report.LeftAlone;
import io.poolagent.report.Report.LoaderCoverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;

/**
 * What the weaver did, per class loader: the classes it wove, and those it left exactly as they
 * were, with why. The report's {@code coverage} section, so that a run in which the agent was
 * blind somewhere never reads as a clean one.
 *
 * <p>Written by the weaver while classes load, read when a report is written: a monitor guards
 * it, which costs nothing on the borrow and return paths (neither touches it). Memory is bounded
 * however many loaders an application makes (a web app redeployed a thousand times): at most
 * {@link #MAX_LOADERS} loaders are kept apart, the rest counted together, and each keeps at most
 * {@link #MAX_NAMES} class names of each kind. A loader is held weakly and described as text when
 * first seen, so its record outlives it without keeping it.
 */
public final class WeaveCoverage {

  static final int MAX_LOADERS = 200;
  static final int MAX_NAMES = 50;
  static final String BOOTSTRAP = "bootstrap";
  static final String OTHER_LOADERS = "other class loaders (past the first " + MAX_LOADERS + ")";

  private final Map<ClassLoader, PerLoader> byLoader = new WeakHashMap<>();
  private final List<PerLoader> loaders = new ArrayList<>();
  private PerLoader overflow;
  private long woven;
  private long leftAlone;
  /** Null until the agent wires the bridge's count in (and in tests that have no bridge). */
  private volatile LongSupplier failedCalls;

  /** A class of {@code loader} (null: the bootstrap loader) was woven. */
  public synchronized void woven(ClassLoader loader, String className) {
    PerLoader per = of(loader);
    per.woven++;
    woven++;
    if (per.wovenNames.size() < MAX_NAMES) {
      per.wovenNames.add(className);
    }
  }

  /**
   * A class of {@code loader} was left as it was.
   *
   * @return whether it is the loader's first: the caller says so once per loader
   */
  public synchronized boolean leftAlone(ClassLoader loader, String className, String reason) {
    PerLoader per = of(loader);
    per.leftAlone++;
    leftAlone++;
    if (per.leftAloneNames.size() < MAX_NAMES) {
      per.leftAloneNames.add(new LeftAlone(className, reason));
    }
    return per.leftAlone == 1;
  }

  /** Where the count of woven calls that failed inside the agent comes from (the bridge's). */
  public void countFailedCallsWith(LongSupplier failedCalls) {
    this.failedCalls = failedCalls;
  }

  public synchronized Coverage snapshot() {
    List<LoaderCoverage> list = new ArrayList<>(loaders.size() + 1);
    for (PerLoader per : loaders) {
      list.add(per.snapshot());
    }
    if (overflow != null) {
      list.add(overflow.snapshot());
    }
    LongSupplier counter = failedCalls;
    long failed = counter == null ? 0 : counter.getAsLong();
    return new Coverage(leftAlone == 0 && failed == 0, woven, leftAlone, failed, List.copyOf(list));
  }

  private PerLoader of(ClassLoader loader) {
    PerLoader per = byLoader.get(loader);
    if (per != null) {
      return per;
    }
    if (loaders.size() >= MAX_LOADERS) {
      if (overflow == null) {
        overflow = new PerLoader(OTHER_LOADERS);
      }
      per = overflow;
    } else {
      per = new PerLoader(describe(loader));
      loaders.add(per);
    }
    byLoader.put(loader, per);
    return per;
  }

  /**
   * The loader as it describes itself: JBoss Modules names the module, OSGi frameworks the bundle,
   * Tomcat the web application. Its own {@code toString} may fail; its class name then serves.
   */
  public static String describe(ClassLoader loader) {
    if (loader == null) {
      return BOOTSTRAP;
    }
    String text;
    try {
      text = String.valueOf(loader);
    } catch (RuntimeException | LinkageError e) {
      text = loader.getClass().getName();
    }
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  /** One loader's counts and first names; guarded by the outer monitor. */
  private static final class PerLoader {
    final String description;
    long woven;
    long leftAlone;
    final List<String> wovenNames = new ArrayList<>();
    final List<LeftAlone> leftAloneNames = new ArrayList<>();

    PerLoader(String description) {
      this.description = description;
    }

    LoaderCoverage snapshot() {
      return new LoaderCoverage(
          description, woven, List.copyOf(wovenNames), leftAlone, List.copyOf(leftAloneNames));
    }
  }
}
