package io.poolagent.agent.cli;

import io.poolagent.report.Report;
import io.poolagent.report.ReportFormatException;
import io.poolagent.report.ReportJson;
import io.poolagent.report.html.ReportHtml;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code java -jar pool-agent.jar html REPORT.json [OUT.html]}: the HTML page of a report, for a
 * report written without one (an older agent, another machine) or written elsewhere. Exit 0 with
 * the page's path on standard output; 2 with one line on standard error if the report cannot be
 * read or the page cannot be written.
 */
final class HtmlCommand {

  static final String USAGE = "usage: java -jar pool-agent.jar html REPORT.json [OUT.html]";
  private static final String ERROR_PREFIX = "pool-agent html: ";

  private HtmlCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || args.length > 3) {
      err.println(USAGE);
      return 2;
    }
    Path json = Path.of(args[1]);
    Path html = args.length == 3 ? Path.of(args[2]) : ReportHtml.besideJson(json);
    Report report;
    try {
      report = ReportJson.read(json);
    } catch (ReportFormatException e) {
      err.println(ERROR_PREFIX + "not a valid pool-agent report: " + e.getMessage());
      return 2;
    } catch (NoSuchFileException e) {
      err.println(ERROR_PREFIX + "cannot read " + json + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println(ERROR_PREFIX + "cannot read " + json + ": " + e);
      return 2;
    }
    try {
      ReportHtml.write(report, html);
    } catch (IOException e) {
      err.println(ERROR_PREFIX + "cannot write " + html + ": " + e);
      return 2;
    }
    out.println(html.toAbsolutePath());
    return 0;
  }
}
