package io.poolagent.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and a pretty-printing writer, so the agent stays free of
 * dependencies.
 *
 * <p>Values map to Java as: object - {@code LinkedHashMap<String, Object>} in document order;
 * array - {@code List<Object>}; string - {@code String}; number - {@code Long} when written
 * without fraction or exponent and within range, else {@code Double}; {@code true}/{@code false} -
 * {@code Boolean}; {@code null} - {@code null}.
 *
 * <p>Strict means nothing a lenient parser would guess at is accepted: no comments, trailing
 * commas, single quotes, leading zeros, NaN, raw control characters in strings, duplicate member
 * names or content after the value. Each is a {@link JsonParseException} naming where and what was
 * expected.
 */
public final class Json {

  /** Deep enough for any sane document; stops a hostile one from overflowing the stack. */
  static final int MAX_DEPTH = 256;

  private static final String INDENT = "  ";

  private Json() {}

  /**
   * Parses one JSON document.
   *
   * @throws JsonParseException if {@code text} is not exactly one well-formed JSON value
   */
  public static Object parse(String text) {
    return new Parser(text).document();
  }

  /**
   * Writes {@code value} pretty-printed with a 2-space indent, without a trailing newline.
   * Accepts what {@link #parse} returns, plus {@code Integer} and {@code BigDecimal} (written in
   * plain notation, so callers control the digits).
   *
   * @throws IllegalArgumentException for a non-finite number, a non-string map key or a type JSON
   *     has no form for
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    writeValue(out, value, 0);
    return out.toString();
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendQuoted(out, s);
    return out.toString();
  }

  /** Appends {@code s} as a JSON string literal, quotes included. */
  public static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            // A lone surrogate cannot be encoded as UTF-8; escaped, it survives the file intact.
            appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u");
    String hex = Integer.toHexString(c);
    out.append("0".repeat(4 - hex.length())).append(hex);
  }

  private static void writeValue(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      appendQuoted(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Map<?, ?> map) {
      writeObject(out, map, depth);
    } else if (value instanceof List<?> list) {
      writeArray(out, list, depth);
    } else if (value instanceof Number n) {
      out.append(numberText(n));
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    String separator = "\n";
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException("JSON object keys must be strings: " + entry.getKey());
      }
      out.append(separator);
      indent(out, depth + 1);
      appendQuoted(out, key);
      out.append(": ");
      writeValue(out, entry.getValue(), depth + 1);
      separator = ",\n";
    }
    out.append('\n');
    indent(out, depth);
    out.append('}');
  }

  private static void writeArray(StringBuilder out, List<?> list, int depth) {
    if (list.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    String separator = "\n";
    for (Object element : list) {
      out.append(separator);
      indent(out, depth + 1);
      writeValue(out, element, depth + 1);
      separator = ",\n";
    }
    out.append('\n');
    indent(out, depth);
    out.append(']');
  }

  private static void indent(StringBuilder out, int depth) {
    out.append(INDENT.repeat(depth));
  }

  private static String numberText(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.toString();
    }
    if (n instanceof BigInteger) {
      return n.toString();
    }
    if (n instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON has no form for " + d);
      }
      // Double.toString may use an exponent ("1.0E-5"), which is valid JSON.
      return Double.toString(d);
    }
    throw new IllegalArgumentException("no JSON form for " + n.getClass().getName());
  }

  /** Recursive descent over the RFC 8259 grammar; one instance per document. */
  private static final class Parser {

    private final String text;
    private int pos;
    private int depth;

    Parser(String text) {
      this.text = text;
    }

    Object document() {
      skipWhitespace();
      Object value = value();
      skipWhitespace();
      if (pos < text.length()) {
        throw error("expected end of input after the JSON value, found " + found());
      }
      return value;
    }

    private Object value() {
      if (pos >= text.length()) {
        throw error("expected a JSON value, found end of input");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || isDigit(c)) {
            yield number();
          }
          throw error(
              "expected a JSON value (object, array, string, number, true, false or null), found "
                  + found());
        }
      };
    }

    private Map<String, Object> object() {
      enter();
      pos++; // '{'
      Map<String, Object> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        depth--;
        return members;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected '\"' to start a member name, found " + found());
        }
        int keyStart = pos;
        String key = string();
        skipWhitespace();
        expect(':', "after member name " + Json.quote(key));
        skipWhitespace();
        Object value = value();
        if (members.containsKey(key)) {
          throw new JsonParseException(text, keyStart, "duplicate member name " + Json.quote(key));
        }
        members.put(key, value);
        skipWhitespace();
        if (peek() == ',') {
          pos++;
        } else if (peek() == '}') {
          pos++;
          depth--;
          return members;
        } else {
          throw error("expected ',' or '}' after an object member, found " + found());
        }
      }
    }

    private List<Object> array() {
      enter();
      pos++; // '['
      List<Object> elements = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        depth--;
        return elements;
      }
      while (true) {
        skipWhitespace();
        elements.add(value());
        skipWhitespace();
        if (peek() == ',') {
          pos++;
        } else if (peek() == ']') {
          pos++;
          depth--;
          return elements;
        } else {
          throw error("expected ',' or ']' after an array element, found " + found());
        }
      }
    }

    private void enter() {
      if (++depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH + " levels");
      }
    }

    private String string() {
      int start = pos;
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw new JsonParseException(
              text, start, "unterminated string: expected a closing '\"' before end of input");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return out.toString();
        }
        if (c == '\\') {
          out.append(escape());
        } else if (c < 0x20) {
          throw error("expected '\\' escape for control character " + describe(c) + " in string");
        } else {
          out.append(c);
          pos++;
        }
      }
    }

    private char escape() {
      pos++; // backslash
      if (pos >= text.length()) {
        throw error("expected an escape character after '\\', found end of input");
      }
      char c = text.charAt(pos++);
      return switch (c) {
        case '"' -> '"';
        case '\\' -> '\\';
        case '/' -> '/';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> unicodeEscape();
        default -> {
          pos--;
          throw error(
              "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found '\\" + c + "'");
        }
      };
    }

    private char unicodeEscape() {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
        if (digit < 0) {
          throw error("expected 4 hex digits after '\\u', found " + found());
        }
        value = value * 16 + digit;
        pos++;
      }
      return (char) value;
    }

    private Object number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
        if (isDigit(peek())) {
          throw error("expected '.', 'e' or the end of the number after a leading 0, found "
              + found());
        }
      } else {
        digits("in number");
      }
      boolean integral = true;
      if (peek() == '.') {
        pos++;
        digits("after the decimal point");
        integral = false;
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        digits("in the exponent");
        integral = false;
      }
      String literal = text.substring(start, pos);
      if (integral) {
        try {
          return Long.parseLong(literal);
        } catch (NumberFormatException tooBig) {
          // Valid JSON beyond long range: keep its magnitude as a double.
        }
      }
      double value = Double.parseDouble(literal);
      if (Double.isInfinite(value)) {
        throw new JsonParseException(text, start, "number out of range: " + literal);
      }
      return value;
    }

    private void digits(String where) {
      if (!isDigit(peek())) {
        throw error("expected a digit " + where + ", found " + found());
      }
      while (isDigit(peek())) {
        pos++;
      }
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, pos)) {
        throw error("expected '" + word + "', found " + found());
      }
      pos += word.length();
      return value;
    }

    private void expect(char c, String where) {
      if (peek() != c) {
        throw error("expected '" + c + "' " + where + ", found " + found());
      }
      pos++;
    }

    private void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The current char, or NUL at end of input (never a valid token start, so checks fail). */
    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String found() {
      return pos < text.length() ? describe(text.charAt(pos)) : "end of input";
    }

    private static String describe(char c) {
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\ufeff') {
        return String.format("U+%04X", (int) c);
      }
      return "'" + c + "'";
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private JsonParseException error(String problem) {
      return new JsonParseException(text, pos, problem);
    }
  }
}
