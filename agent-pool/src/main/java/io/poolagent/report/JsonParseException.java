package io.poolagent.report;

/**
 * Malformed JSON. The message starts with the line and column so a user can find the spot in an
 * editor; {@link #offset()} is there for code.
 */
public final class JsonParseException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int offset;
  private final int line;
  private final int column;

  JsonParseException(String text, int offset, String problem) {
    this(offset, lineOf(text, offset), columnOf(text, offset), problem);
  }

  private JsonParseException(int offset, int line, int column, String problem) {
    super("line " + line + ", column " + column + ": " + problem);
    this.offset = offset;
    this.line = line;
    this.column = column;
  }

  /** The position of the problem as a {@code char} index into the input. */
  public int offset() {
    return offset;
  }

  /** 1-based. */
  public int line() {
    return line;
  }

  /** 1-based, counted in {@code char}s from the start of the line. */
  public int column() {
    return column;
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int columnOf(String text, int offset) {
    int lineStart = text.lastIndexOf('\n', Math.min(offset, text.length()) - 1) + 1;
    return offset - lineStart + 1;
  }
}
