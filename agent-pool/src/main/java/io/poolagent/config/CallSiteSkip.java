package io.poolagent.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code callSiteSkip} setting: the user's own corrections to which frames are never a call
 * site ({@code io.poolagent.lease.Frames}). Each entry is a class-name prefix with a sign: {@code
 * +com.acme.dal.} adds a package the agent does not know (the application's own data-access layer,
 * an in-house pool), {@code -org.jooq.} takes one out (a frame there then reads as the call site).
 * Entries are separated by {@code ;}, since commas already separate the agent's arguments.
 *
 * @param entries the entries as given, each starting with {@code +} or {@code -}; for a class, the
 *     entry with the longest matching prefix decides
 */
public record CallSiteSkip(List<String> entries) {

  public static final CallSiteSkip NONE = new CallSiteSkip(List.of());

  /** What {@link #match} says about a class. */
  public enum Match {
    /** A {@code +} entry is the longest that matches: never the call site. */
    SKIP,
    /** A {@code -} entry is the longest that matches: the class may be the call site. */
    KEEP,
    /** No entry matches: the agent's own lists decide. */
    NONE
  }

  public CallSiteSkip {
    entries = List.copyOf(entries);
  }

  /**
   * The setting's text parsed: {@code none}, empty, or entries separated by {@code ;}; blank
   * entries are ignored. Null when the text is not that, or names one prefix twice.
   */
  static CallSiteSkip parse(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
      return NONE;
    }
    List<String> entries = new ArrayList<>();
    Set<String> prefixes = new HashSet<>();
    for (String piece : trimmed.split(";", -1)) {
      String entry = piece.trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (!isEntry(entry) || !prefixes.add(entry.substring(1))) {
        return null;
      }
      entries.add(entry);
    }
    return entries.isEmpty() ? NONE : new CallSiteSkip(entries);
  }

  /**
   * {@code +} or {@code -} and a prefix of a binary class name: Java identifiers separated by
   * single dots, with a dot at the end or not. Anything else (a comma, a {@code *}) would match
   * nothing the user meant.
   */
  private static boolean isEntry(String entry) {
    char sign = entry.charAt(0);
    if ((sign != '+' && sign != '-') || entry.length() < 2) {
      return false;
    }
    boolean segmentStart = true;
    for (int i = 1; i < entry.length(); i++) {
      char c = entry.charAt(i);
      if (c == '.') {
        if (segmentStart) {
          return false;
        }
        segmentStart = true;
      } else if (segmentStart
          ? Character.isJavaIdentifierStart(c)
          : Character.isJavaIdentifierPart(c)) {
        segmentStart = false;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * What the entry with the longest prefix of {@code className} says. Called when a stack's call
   * site is read (a leak, an exhausted pool) and when a class is woven; never on a borrow.
   */
  public Match match(String className) {
    int longest = 0;
    Match match = Match.NONE;
    for (String entry : entries) {
      int length = entry.length() - 1;
      if (length > longest && className.regionMatches(0, entry, 1, length)) {
        longest = length;
        match = entry.charAt(0) == '+' ? Match.SKIP : Match.KEEP;
      }
    }
    return match;
  }

  /** As the report shows it: {@code none}, or the entries joined by {@code ;}. */
  public String asText() {
    return entries.isEmpty() ? "none" : String.join(";", entries);
  }
}
