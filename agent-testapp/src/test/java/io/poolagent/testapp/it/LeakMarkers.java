package io.poolagent.testapp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The call site each leaking scenario must be reported at, read from the test app's sources: the
 * line that ends with {@code // LEAK: <scenario>}, in the method that contains it. Reading it here,
 * not hard-coding it, keeps the tests true when the test app's code moves.
 */
final class LeakMarkers {

  private static final Path SOURCES = Path.of(System.getProperty("poolagent.testappSources"));
  private static final Pattern METHOD =
      Pattern.compile("^\\s*(?:(?:public|protected|private|static|final|synchronized)\\s+)*[\\w<>\\[\\], ]+\\s+(\\w+)\\s*\\([^;]*$");

  private LeakMarkers() {}

  /** {@code io.poolagent.testapp.orders.OrderRepository.openOrderCursor(OrderRepository.java:26)}. */
  static String callSite(String scenario) {
    return marked("// LEAK: " + scenario);
  }

  /** Where {@code scenario} borrows connections it holds on purpose: {@code // HOLDS: scenario}. */
  static String holderCallSite(String scenario) {
    return marked("// HOLDS: " + scenario);
  }

  private static String marked(String marker) {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).trim().endsWith(marker)) {
            return format(file, lines, i);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no line ends with '" + marker + "' under " + SOURCES);
  }

  private static String format(Path file, List<String> lines, int index) {
    String relative = SOURCES.relativize(file).toString();
    String className = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    for (int i = index; i >= 0; i--) {
      Matcher m = METHOD.matcher(lines.get(i));
      if (m.find() && !isKeyword(m.group(1))) {
        return className + "." + m.group(1) + "(" + file.getFileName() + ":" + (index + 1) + ")";
      }
    }
    throw new AssertionError("no method declaration above line " + (index + 1) + " of " + file);
  }

  private static boolean isKeyword(String word) {
    return List.of("if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new")
        .contains(word);
  }
}
