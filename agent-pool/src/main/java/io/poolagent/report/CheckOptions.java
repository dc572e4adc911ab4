package io.poolagent.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code check} was asked to do; the CLI builds it from the command line.
 *
 * @param inputs report files and directories (a directory means the {@code *.json} files directly
 *     in it), judged together as one run
 * @param baseline leak call sites accepted as known, or null: only other sites fail
 * @param writeBaseline where to write the run's leak call sites as a baseline instead of judging
 *     them, or null
 * @param junit where to write the verdict as JUnit XML, or null
 * @param thresholds limits on what the pools measured; empty for none
 */
public record CheckOptions(
    List<Path> inputs, Path baseline, Path writeBaseline, Path junit, List<Threshold> thresholds) {

  public CheckOptions {
    inputs = List.copyOf(inputs);
    thresholds = List.copyOf(thresholds);
  }

  /** Plain {@code check REPORT}. */
  public static CheckOptions of(Path report) {
    return new CheckOptions(List.of(report), null, null, null, List.of());
  }
}
