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
  private static final String LEAKS = "pool-agent.leaks";
  private static final String THRESHOLDS = "pool-agent.thresholds";
  private static final String COVERAGE = "pool-agent.coverage";

  /**
   * One test case: passed (with {@code text} as its output, if any), failed ({@code failureType}
   * set, {@code text} the failure's body) or skipped ({@code skipped} its message).
   */
  private record TestCase(
      String classname,
      String name,
      String failureType,
      String message,
      String text,
      String skipped) {

    static TestCase passed(String classname, String name, String output) {
      return new TestCase(classname, name, null, null, output, null);
    }

    static TestCase failed(
        String classname, String name, String type, String message, String text) {
      return new TestCase(classname, name, type, message, text, null);
    }

    static TestCase skipped(String classname, String name, String message) {
      return new TestCase(classname, name, null, null, null, message);
    }
  }

  private JUnitXml() {}

  static void write(Path file, ReportSet set, Baseline baseline, List<Thresholds.Outcome> outcomes)
      throws IOException {
    List<TestCase> cases = new ArrayList<>();
    Report merged = set.merged();
    for (LeakSite site : merged.leakSites()) {
      cases.add(leakCase(site, set, baseline));
    }
    if (merged.leakSites().isEmpty()) {
      cases.add(TestCase.passed(LEAKS, "no connection leaks", null));
    }
    for (Thresholds.Outcome o : outcomes) {
      cases.add(
          o.passed()
              ? TestCase.passed(THRESHOLDS, o.name(), o.line())
              : TestCase.failed(THRESHOLDS, o.name(), "threshold", o.line(), o.line()));
    }
    cases.add(coverageCase(merged.coverage()));
    Path target = file.toAbsolutePath();
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, xml(cases, set), StandardCharsets.UTF_8);
  }

  private static TestCase leakCase(LeakSite site, ReportSet set, Baseline baseline) {
    String name = site.callSite();
    if (site.counts().failing() == 0) {
      String warning =
          "warning: "
              + site.lateReturns()
              + " late return(s): held past leakThreshold, then closed";
      return TestCase.passed(LEAKS, name, warning);
    }
    String message = ReportSummary.siteLine(site).strip();
    if (baseline != null && baseline.accepts(site.callSite())) {
      return TestCase.skipped(LEAKS, name, "known leak, accepted by the baseline: " + message);
    }
    return TestCase.failed(LEAKS, name, "leak", message, stackText(set, site));
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
      return TestCase.passed(COVERAGE, name, null);
    }
    String message = ReportCheck.blindText(coverage);
    return TestCase.failed(COVERAGE, name, "blind", message, message);
  }

  private static String xml(List<TestCase> cases, ReportSet set) {
    long failures = cases.stream().filter(c -> c.failureType() != null).count();
    long skipped = cases.stream().filter(c -> c.skipped() != null).count();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite")
        .append(attr("name", SUITE))
        .append(attr("tests", cases.size()))
        .append(attr("failures", failures))
        .append(attr("errors", 0))
        .append(attr("skipped", skipped))
        .append(attr("time", 0))
        .append(">\n  <properties>\n");
    for (Input input : set.inputs()) {
      Report r = input.report();
      String kind = r.finalReport() ? "final" : "checkpoint";
      String value =
          input.file() + " (pid " + r.pid() + ", " + kind + " of " + r.generatedAt() + ")";
      x.append("    <property").append(attr("name", "report")).append(attr("value", value));
      x.append("/>\n");
    }
    x.append("  </properties>\n");
    for (TestCase c : cases) {
      x.append("  <testcase")
          .append(attr("classname", c.classname()))
          .append(attr("name", c.name()))
          .append(attr("time", 0));
      if (c.failureType() != null) {
        x.append(">\n    <failure")
            .append(attr("type", c.failureType()))
            .append(attr("message", c.message()))
            .append(">")
            .append(escape(c.text()))
            .append("</failure>\n  </testcase>\n");
      } else if (c.skipped() != null) {
        x.append(">\n    <skipped")
            .append(attr("message", c.skipped()))
            .append("/>\n  </testcase>\n");
      } else if (c.text() != null) {
        x.append(">\n    <system-out>").append(escape(c.text())).append("</system-out>\n");
        x.append("  </testcase>\n");
      } else {
        x.append("/>\n");
      }
    }
    return x.append("</testsuite>\n").toString();
  }

  private static String attr(String name, Object value) {
    return " " + name + "=\"" + escape(String.valueOf(value)) + "\"";
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
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF || (surrogate && !validPair(s, i))) {
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
