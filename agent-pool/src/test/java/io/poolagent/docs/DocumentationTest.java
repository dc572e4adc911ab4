package io.poolagent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolagent.config.SettingsParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is one screen that sends its reader to docs/ pages, and the pages send them to each
 * other: a link that leads nowhere, or a settings table that lost a key, is what a user would hit.
 */
class DocumentationTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");
  private static final Pattern SETTING_ROW =
      Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| `([^`]+)` \\|");

  @Test
  void everyRelativeLinkLeadsToAFileAndHeading() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    assertThat(pages).contains(ROOT.resolve("docs/settings.md"), ROOT.resolve("docs/report.md"));

    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher link = LINK.matcher(withoutCodeBlocks(Files.readString(page)));
      while (link.find()) {
        String url = link.group(1);
        if (url.matches("[a-z]+:.*")) {
          continue;
        }
        int hash = url.indexOf('#');
        String file = hash < 0 ? url : url.substring(0, hash);
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
          broken.add(ROOT.relativize(page) + ": " + url + " (no such file)");
        } else if (hash >= 0 && !anchors(target).contains(url.substring(hash + 1))) {
          broken.add(ROOT.relativize(page) + ": " + url + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void settingsPageListsEveryKeyWithItsVariableAndDefaultInOrder() throws IOException {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("docs/settings.md"))) {
      Matcher row = SETTING_ROW.matcher(line);
      if (row.find()) {
        documented.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
      }
    }
    List<String> keys =
        Stream.of(SettingsParser.Key.values())
            .map(key -> key.name + " " + key.envName() + " " + key.defaultValue)
            .collect(Collectors.toList());
    assertThat(documented).isEqualTo(keys);
  }

  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?s)```.*?```", "");
  }

  /** The fragments GitHub gives a page's headings: lower case, punctuation dropped, dashes. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (Files.isDirectory(page)) {
      return anchors;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutCodeBlocks(Files.readString(page)).split("\n")) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug =
            heading
                .group(1)
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                .replace(' ', '-');
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
    }
    return anchors;
  }
}
