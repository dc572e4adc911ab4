package io.poolagent.report;

import io.poolagent.report.Report.Coverage;
import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.Report.LoaderCoverage;
import io.poolagent.report.Report.PoolSummary;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports of one run, one per JVM (a build's forked test JVMs each write their own), judged as
 * one: {@link #merged()} is the run as a single report.
 *
 * <p>Leak call sites merge across JVMs: the same site is the same bug, so its counts add up and one
 * sample stack is enough. Pools stay per JVM, each named with its pid: {@code HikariPool-1} of two
 * JVMs is two pools, and their percentiles cannot be merged (the p95 of two runs is not derived
 * from their p95s); a limit on one pool must not be averaged away by the others either.
 */
final class ReportSet {

  /** One report and the file it came from. */
  record Input(Path file, Report report) {}

  private final List<Input> inputs;
  private Report merged;
  private Map<String, List<Leak>> leaksBySite;

  ReportSet(List<Input> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  List<Input> inputs() {
    return inputs;
  }

  /** The files {@code check} was given did not all read as reports; one line each. */
  static final class UnreadableException extends Exception {
    final List<String> problems;

    UnreadableException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }
  }

  /**
   * Reads every report named: files as they are, directories as the {@code *.json} files directly
   * in them (not their subdirectories: a build's other JSON lives there). Nothing is skipped
   * quietly: a file that is not a report, or a directory without one, fails the whole set.
   */
  static ReportSet load(List<Path> paths) throws UnreadableException {
    List<String> problems = new ArrayList<>();
    Set<Path> files = new LinkedHashSet<>();
    for (Path path : paths) {
      if (!Files.isDirectory(path)) {
        files.add(path.toAbsolutePath().normalize());
        continue;
      }
      List<Path> found = new ArrayList<>();
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "*.json")) {
        for (Path file : dir) {
          if (!Files.isDirectory(file)) {
            found.add(file.toAbsolutePath().normalize());
          }
        }
      } catch (IOException e) {
        problems.add("cannot read " + path + ": " + problem(e));
        continue;
      }
      if (found.isEmpty()) {
        problems.add("cannot read " + path + ": no report (*.json) in it");
      }
      found.sort(Comparator.naturalOrder());
      files.addAll(found);
    }
    List<Input> inputs = new ArrayList<>();
    for (Path file : files) {
      try {
        inputs.add(new Input(file, ReportJson.read(file)));
      } catch (IOException e) {
        problems.add("cannot read " + shown(file, paths) + ": " + problem(e));
      } catch (ReportFormatException e) {
        // Its message starts with the file already.
        problems.add("not a valid pool-agent report: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new UnreadableException(problems);
    }
    return new ReportSet(inputs);
  }

  /** A file named on the command line as the user wrote it; one found in a directory in full. */
  private static Path shown(Path file, List<Path> paths) {
    for (Path path : paths) {
      if (path.toAbsolutePath().normalize().equals(file)) {
        return path;
      }
    }
    return file;
  }

  static String problem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * A pool's name as the merged view and the verdict show it: with its JVM when there are several.
   */
  String poolName(Input input, PoolSummary pool) {
    return inputs.size() == 1 ? pool.name() : pool.name() + " (pid " + input.report().pid() + ")";
  }

  /** The run as one report; a single report as it is. */
  Report merged() {
    if (merged == null) {
      merged = inputs.size() == 1 ? inputs.get(0).report() : merge();
    }
    return merged;
  }

  private Report merge() {
    Report first = inputs.get(0).report();
    List<PoolSummary> pools = new ArrayList<>();
    String generatedAt = first.generatedAt();
    long uptime = 0;
    for (Input input : inputs) {
      Report r = input.report();
      for (PoolSummary pool : r.pools()) {
        pools.add(pool.named(poolName(input, pool)));
      }
      if (r.generatedAt().compareTo(generatedAt) > 0) {
        generatedAt = r.generatedAt();
      }
      uptime = Math.max(uptime, r.uptimeMillis());
    }
    List<LeakSite> sites = leakSites();
    List<Leak> samples = samples(sites);
    long leaks = sites.stream().mapToLong(s -> s.counts().all()).sum();
    return new Report(
        first.schemaVersion(),
        first.agentVersion(),
        generatedAt,
        0,
        first.javaVersion(),
        uptime,
        commonSettings(),
        sites,
        samples,
        Math.max(0, leaks - samples.size()),
        pools,
        coverage(),
        // Checkpoints among them are named file by file; the merged view is no checkpoint itself.
        true);
  }

  /** Sites by call site, counts summed, most failing leaks first as in a single report. */
  private List<LeakSite> leakSites() {
    Map<String, LeakSite> bySite = new LinkedHashMap<>();
    for (Input input : inputs) {
      for (LeakSite s : input.report().leakSites()) {
        bySite.merge(
            s.callSite(),
            s,
            (a, b) ->
                new LeakSite(
                    a.callSite(),
                    a.count() + b.count(),
                    a.suspected() + b.suspected(),
                    a.lateReturns() + b.lateReturns(),
                    a.collected() + b.collected(),
                    a.openAtExit() + b.openAtExit()));
      }
    }
    List<LeakSite> sites = new ArrayList<>(bySite.values());
    sites.sort(
        Comparator.comparingLong((LeakSite s) -> s.counts().failing())
            .thenComparingLong(LeakSite::count)
            .reversed());
    return sites;
  }

  /** One leak per site: a failing one if any, with a stack if any (what the summary shows). */
  private List<Leak> samples(List<LeakSite> sites) {
    List<Leak> samples = new ArrayList<>();
    for (LeakSite site : sites) {
      Leak best = sample(site.callSite());
      if (best != null) {
        samples.add(best);
      }
    }
    return samples;
  }

  /** The best sample leak of {@code callSite} over all reports, or null. */
  Leak sample(String callSite) {
    if (leaksBySite == null) {
      // Grouped once: a build of many JVMs has many sites, each looked up here.
      leaksBySite = new HashMap<>();
      for (Input input : inputs) {
        for (Leak leak : input.report().leaks()) {
          leaksBySite.computeIfAbsent(leak.callSite(), k -> new ArrayList<>()).add(leak);
        }
      }
    }
    return ReportSummary.sample(leaksBySite.getOrDefault(callSite, List.of()), callSite);
  }

  /** Settings all reports agree on: a value that differs between JVMs describes none of them. */
  private Map<String, String> commonSettings() {
    Map<String, String> common = new LinkedHashMap<>(inputs.get(0).report().settings());
    for (Input input : inputs) {
      common
          .entrySet()
          .removeIf(e -> !e.getValue().equals(input.report().settings().get(e.getKey())));
    }
    return common;
  }

  /** Blind if any JVM was; null only if no report says. */
  private Coverage coverage() {
    boolean any = false;
    boolean complete = true;
    long woven = 0;
    long leftAlone = 0;
    long failedCalls = 0;
    List<LoaderCoverage> loaders = new ArrayList<>();
    for (Input input : inputs) {
      Coverage c = input.report().coverage();
      if (c == null) {
        continue;
      }
      any = true;
      complete &= c.complete();
      woven += c.wovenClasses();
      leftAlone += c.leftAloneClasses();
      failedCalls += c.failedCalls();
      loaders.addAll(c.loaders());
    }
    return any ? new Coverage(complete, woven, leftAlone, failedCalls, loaders) : null;
  }

}
