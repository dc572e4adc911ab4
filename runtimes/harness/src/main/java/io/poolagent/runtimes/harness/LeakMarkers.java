package io.poolagent.runtimes.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The call site a planted leak must be reported at, read from the application's sources: the line
 * that ends with {@code // LEAK: <name>}, in the method that contains it, in the report's format
 * {@code Class.method(File.java:line)}. Reading it, not hard-coding it, keeps a test true when the
 * application's code moves.
 */
public final class LeakMarkers {

  private static final Pattern METHOD =
      Pattern.compile(
          "^\\s*(?:(?:public|protected|private|static|final|synchronized)\\s+)*"
              + "[\\w<>\\[\\], ]+\\s+(\\w+)\\s*\\([^;]*$");

  private final Path sources;

  /** @param sources a source root: the directory of the top-level package */
  public LeakMarkers(Path sources) {
    this.sources = sources;
  }

  /** The call site of the line that ends with {@code // LEAK: <name>}. */
  public String callSite(String name) {
    return marked("// LEAK: " + name);
  }

  /** The call site of the line that ends with {@code marker}. */
  public String marked(String marker) {
    try (Stream<Path> files = Files.walk(sources)) {
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
    throw new AssertionError("no line ends with '" + marker + "' under " + sources);
  }

  private String format(Path file, List<String> lines, int index) {
    String relative = sources.relativize(file).toString();
    String className =
        relative.substring(0, relative.length() - ".java".length()).replace(File.separatorChar, '.');
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
