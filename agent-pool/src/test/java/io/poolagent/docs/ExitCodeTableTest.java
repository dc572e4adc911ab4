package io.poolagent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.report.ReportCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pipelines branch on {@code check}'s exit codes: the one table in docs/ci.md has them all. */
class ExitCodeTableTest {

  private static final Path CI_PAGE =
      Path.of("").toAbsolutePath().getParent().resolve("docs/ci.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| ([0-9]+) \\| ");

  @Test
  void theTableListsEveryCodeCheckReturnsInOrder() throws Exception {
    String page = Files.readString(CI_PAGE);
    List<Integer> codes = new ArrayList<>();
    // Only check's section: the live commands below it have codes of their own.
    String section = page.substring(page.indexOf("### Exit codes"));
    section = section.substring(0, section.indexOf("\n#", 1));
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      codes.add(Integer.parseInt(row.group(1)));
    }

    assertThat(codes)
        .containsExactly(
            ReportCheck.PASS,
            ReportCheck.LEAKS,
            ReportCheck.UNREADABLE,
            ReportCheck.BLIND,
            ReportCheck.THRESHOLD);
    // The order ThresholdCheckTest.leaksOutrankThresholdsWhichOutrankABlindRun holds it to.
    assertThat(page).contains("the first of **2, 1, 4, 3** wins");
  }
}
