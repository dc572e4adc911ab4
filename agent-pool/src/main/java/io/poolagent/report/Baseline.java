package io.poolagent.report;

import io.poolagent.report.Report.LeakSite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Leak call sites a team accepts as known, so that {@code check --baseline FILE} fails only on new
 * ones. FILE is an old report (its sites with failing leaks) or a text file, one call site a line:
 *
 * <pre>
 * # why the whole file exists
 * com.acme.orders.OrderRepository.findOpen(OrderRepository.java:88)  # JIRA-123, fixed in 2.4
 * com.acme.batch.ExportJob.run                                         # the nightly export
 * </pre>
 *
 * <p>A site matches by {@code Class.method} alone: the {@code (File.java:NN)} part is for people.
 * Line numbers drift with every edit above the leak, and a baseline that breaks on each edit gets
 * regenerated without being read, which accepts every new leak too. For the same reason the numbers
 * javac gives lambdas and anonymous classes ({@code lambda$run$0}, {@code Job$2}) are ignored. The
 * price: a second leak in an accepted method passes as known.
 */
final class Baseline {

  /** {@code Class.method}, optionally {@code (File.java:NN)} or any other parenthesised place. */
  private static final Pattern CALL_SITE =
      Pattern.compile("unknown|[^\\s().#]+(\\.[^\\s().#]+)+(\\([^()#]*\\))?");

  private static final Pattern SYNTHETIC_NUMBER = Pattern.compile("\\$[0-9]+(?=[.$]|$)");

  /** Accepted sites by their key, each with the entry as written. */
  private final Map<String, String> entries;

  private Baseline(Map<String, String> entries) {
    this.entries = entries;
  }

  /** The baseline's file was not one; the message names the file (and line) and the problem. */
  static final class FormatException extends Exception {
    FormatException(String message) {
      super(message);
    }
  }

  static Baseline read(Path file) throws IOException, FormatException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> entries = new LinkedHashMap<>();
    if (text.stripLeading().startsWith("{")) {
      Report report;
      try {
        report = ReportJson.parse(text, file.toString());
      } catch (ReportFormatException e) {
        throw new FormatException(e.getMessage());
      }
      for (LeakSite site : report.leakSites()) {
        if (site.counts().failing() > 0) {
          entries.putIfAbsent(key(site.callSite()), site.callSite());
        }
      }
      return new Baseline(entries);
    }
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String site = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (site.isEmpty()) {
        continue;
      }
      if (!CALL_SITE.matcher(site).matches()) {
        throw new FormatException(
            file
                + " line "
                + (i + 1)
                + ": '"
                + site
                + "' is not a call site; accepted: Class.method or"
                + " Class.method(File.java:NN), then optionally # a comment");
      }
      entries.putIfAbsent(key(site), site);
    }
    return new Baseline(entries);
  }

  /** What a site is matched by: {@code pkg.Class.method}, synthetic numbers dropped. */
  static String key(String callSite) {
    int paren = callSite.indexOf('(');
    String method = paren >= 0 ? callSite.substring(0, paren) : callSite;
    return SYNTHETIC_NUMBER.matcher(method.strip()).replaceAll("\\$");
  }

  boolean accepts(String callSite) {
    return entries.containsKey(key(callSite));
  }

  /** Entries no failing site of {@code sites} matches, as written: leaks fixed since. */
  List<String> gone(List<LeakSite> sites) {
    Map<String, String> unmatched = new LinkedHashMap<>(entries);
    for (LeakSite site : sites) {
      if (site.counts().failing() > 0) {
        unmatched.remove(key(site.callSite()));
      }
    }
    return new ArrayList<>(unmatched.values());
  }

  /** A baseline accepting every failing site of {@code report}, with what each one leaked. */
  static String text(Report report, String source) {
    StringBuilder text = new StringBuilder();
    text.append("# pool-agent baseline: leak call sites accepted as known.\n")
        .append("# `check --baseline THIS_FILE` fails only on leaks at other call sites.\n")
        .append("# Matched by Class.method: the (File.java:NN) part is for people.\n")
        .append("# Written from ")
        .append(source)
        .append(" (report of ")
        .append(report.generatedAt())
        .append("). Say on each line why its leak is accepted.\n");
    for (LeakSite site : report.leakSites()) {
      long failing = site.counts().failing();
      if (failing > 0) {
        text.append(site.callSite())
            .append("  # ")
            .append(failing)
            .append(failing == 1 ? " leak" : " leaks")
            .append(" when written\n");
      }
    }
    return text.toString();
  }
}
