package io.poolagent.config;

import java.nio.file.Path;
import java.util.Random;

/**
 * The {@code report} setting's file name, with the parts that tell one JVM's report from
 * another's: {@code %p} is the process id and {@code %u} a short id drawn once per JVM, so that
 * the forked JVMs of a test suite (Surefire, Failsafe, Gradle) each keep a file of their own
 * instead of overwriting one; {@code %%} is a literal {@code %}. The pid alone can repeat where
 * containers share a directory (every container's first process may be pid 1); {@code %u} does
 * not. Resolved once, at start: the checkpoints and the final report of a JVM go to one file.
 */
public final class ReportPath {

  /** What the {@code report} setting accepts, in the words the settings table uses. */
  public static final String ACCEPTED =
      "a file path, or none; in the file name %p is the process id, %u an id unique to the JVM,"
          + " %% a literal %";

  private ReportPath() {}

  /** Whether every {@code %} in {@code pattern} starts one of the known parts. */
  public static boolean valid(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '%') {
        if (i + 1 == pattern.length() || "pu%".indexOf(pattern.charAt(i + 1)) < 0) {
          return false;
        }
        i++;
      }
    }
    return true;
  }

  /** {@code pattern} for this JVM, relative paths against the working directory. */
  public static Path resolve(String pattern) {
    if (pattern.indexOf('%') < 0) {
      return Path.of(pattern).toAbsolutePath();
    }
    return resolve(pattern, ProcessId.current(), pattern.contains("%u") ? UniqueId.VALUE : "");
  }

  /** {@code pattern} with {@code pid} and {@code unique} in place of {@code %p} and {@code %u}. */
  static Path resolve(String pattern, long pid, String unique) {
    StringBuilder name = new StringBuilder(pattern.length() + 16);
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%') {
        name.append(c);
        continue;
      }
      char part = pattern.charAt(++i);
      if (part == 'p') {
        name.append(pid);
      } else if (part == 'u') {
        name.append(unique);
      } else if (part == '%') {
        name.append('%');
      } else {
        throw new IllegalArgumentException("unknown %" + part + " in report=" + pattern);
      }
    }
    return Path.of(name.toString()).toAbsolutePath();
  }

  /**
   * Drawn on first use only, not by SecureRandom: its seeding costs start-up time, and the id
   * only has to differ between JVMs writing into one directory, not resist guessing. Random's own
   * seed mixes the monotonic clock; the wall clock and the pid are mixed in besides.
   */
  private static final class UniqueId {
    static final String VALUE = draw();

    private static String draw() {
      long bits =
          new Random().nextLong()
              ^ System.currentTimeMillis() * 0x9E3779B97F4A7C15L
              ^ ProcessId.current() << 40;
      // Eight base-36 characters (about 41 bits): short enough to read in a file name. The
      // leading digit of 36^8 + n keeps the zeros of a small n, and is dropped.
      long eightDigits = 2_821_109_907_456L; // 36^8
      return Long.toString(eightDigits + Long.remainderUnsigned(bits, eightDigits), 36)
          .substring(1);
    }
  }
}
