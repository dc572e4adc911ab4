package io.poolagent.report;

import io.poolagent.report.Report.Coverage;
import io.poolagent.report.Report.Leak;
import io.poolagent.report.Report.LeakSite;
import io.poolagent.report.ReportSet.Input;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check --junit FILE}: the verdict as the JUnit XML that Ant and Maven Surefire write, which
 * CI servers show as test results. One test case per leak call site, per threshold and for the
 * blind-run check; a failing leak site carries its borrow stack, a site the baseline accepts is
 * skipped (known, not passed).
 */
final class JUnitXml {

  private static final String SUITE = "pool-agent check";

  private record TestCase(
      String classname, String name, String failureType, String message, String text,
      String skipped) {}

  private JUnitXml() {}

  static void write(Path file, ReportSet set, Baseline baseline, List<Thresholds.Outcome> outcomes)
      throws IOException {
    List<TestCase> cases = new ArrayList<>();
    Report merged = set.merged();
    boolean anySite = false;
    for (LeakSite site : merged.leakSites()) {
      anySite = true;
      cases.add(leakCase(site, set, baseline));
    }
    if (!anySite) {
      cases.add(new TestCase("pool-agent.leaks", "no connection leaks", null, null, null, null));
    }
    for (Thresholds.Outcome o : outcomes) {
      cases.add(
          o.passed()
              ? new TestCase("pool-agent.thresholds", o.name(), null, null, o.line(), null)
              : new TestCase("pool-agent.thresholds", o.name(), "threshold", o.line(), o.line(),
                  null));
    }
    cases.add(coverageCase(merged.coverage()));
    Path target = file.toAbsolutePath();
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, xml(cases, set), StandardCharsets.UTF_8);
  }

  private static TestCase leakCase(LeakSite site, ReportSet set, Baseline baseline) {
    long failing = site.counts().failing();
    String name = site.callSite();
    if (failing == 0) {
      return new TestCase(
          "pool-agent.leaks", name, null, null,
          "warning: " + site.lateReturns() + " late return(s): held past leakThreshold, then closed",
          null);
    }
    String message = ReportSummary.siteLine(site).strip();
    if (baseline != null && baseline.accepts(site.callSite())) {
      return new TestCase(
          "pool-agent.leaks", name, null, null, null, "known leak, accepted by the baseline: "
              + message);
    }
    return new TestCase("pool-agent.leaks", name, "leak", message, stackText(set, site), null);
  }

  private static String stackText(ReportSet set, LeakSite site) {
    Leak leak = set.sample(site.callSite());
    if (leak == null) {
      return "no leak of this call site is listed in the report (it keeps a few per call site)";
    }
    List<String> lines = new ArrayList<>();
    ReportSummary.sampleLines(leak, lines);
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line.strip()).append('\n');
    }
    return text.toString();
  }

  private static TestCase coverageCase(Coverage coverage) {
    String name = "agent saw every JDBC class and call";
    if (coverage == null || coverage.complete()) {
      return new TestCase("pool-agent.coverage", name, null, null, null, null);
    }
    String message = ReportCheck.blindText(coverage);
    return new TestCase("pool-agent.coverage", name, "blind", message, message, null);
  }

  private static String xml(List<TestCase> cases, ReportSet set) {
    long failures = cases.stream().filter(c -> c.failureType() != null).count();
    long skipped = cases.stream().filter(c -> c.skipped() != null).count();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"").append(SUITE)
        .append("\" tests=\"").append(cases.size())
        .append("\" failures=\"").append(failures)
        .append("\" errors=\"0\" skipped=\"").append(skipped)
        .append("\" time=\"0\">\n");
    x.append("  <properties>\n");
    for (Input input : set.inputs()) {
      Report r = input.report();
      property(x, "report", input.file() + " (pid " + r.pid() + ", "
          + (r.finalReport() ? "final" : "checkpoint") + " of " + r.generatedAt() + ")");
    }
    x.append("  </properties>\n");
    for (TestCase c : cases) {
      x.append("  <testcase classname=\"").append(escape(c.classname()))
          .append("\" name=\"").append(escape(c.name())).append("\" time=\"0\"");
      if (c.failureType() == null && c.skipped() == null && c.text() == null) {
        x.append("/>\n");
        continue;
      }
      x.append(">\n");
      if (c.failureType() != null) {
        x.append("    <failure type=\"").append(c.failureType())
            .append("\" message=\"").append(escape(c.message())).append("\">")
            .append(escape(c.text())).append("</failure>\n");
      } else if (c.skipped() != null) {
        x.append("    <skipped message=\"").append(escape(c.skipped())).append("\"/>\n");
      } else {
        x.append("    <system-out>").append(escape(c.text())).append("</system-out>\n");
      }
      x.append("  </testcase>\n");
    }
    return x.append("</testsuite>\n").toString();
  }

  private static void property(StringBuilder x, String name, String value) {
    x.append("    <property name=\"").append(name)
        .append("\" value=\"").append(escape(value)).append("\"/>\n");
  }

  /**
   * Escaped for text and attribute values alike. Characters XML 1.0 cannot hold at all (a thread
   * name may hold any) are written as {@code \\uXXXX}: a parser would reject the whole file.
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\n', '\t' -> out.append(c);
        case '\r' -> out.append("&#13;");
        default -> {
          boolean surrogate = Character.isSurrogate(c);
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF
              || (surrogate && !validPair(s, i))) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (surrogate) {
            out.append(c).append(s.charAt(++i));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean validPair(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i))
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }
}
