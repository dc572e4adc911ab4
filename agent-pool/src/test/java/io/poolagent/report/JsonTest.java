package io.poolagent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

  @Test
  void readsEveryKindOfValue() {
    Object parsed =
        Json.parse(
            " {\"s\": \"x\", \"i\": -42, \"big\": 9223372036854775807, \"d\": 1.5e3,"
                + " \"t\": true, \"f\": false, \"n\": null,"
                + " \"a\": [1, [], {}], \"o\": {\"k\": 0}}\n");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "x");
    expected.put("i", -42L);
    expected.put("big", Long.MAX_VALUE);
    expected.put("d", 1500.0);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("a", List.of(1L, List.of(), Map.of()));
    expected.put("o", Map.of("k", 0L));
    assertThat(parsed).isEqualTo(expected);
    assertThat(new ArrayList<Object>(((Map<?, ?>) parsed).keySet()))
        .containsExactlyElementsOf(expected.keySet());
  }

  @Test
  void integralNumbersAreLongsAndOthersDoubles() {
    assertThat(Json.parse("7")).isEqualTo(7L);
    assertThat(Json.parse("-0")).isEqualTo(0L);
    assertThat(Json.parse("7.0")).isEqualTo(7.0);
    assertThat(Json.parse("7E2")).isEqualTo(700.0);
    assertThat(Json.parse("0.125")).isEqualTo(0.125);
    // Beyond long range: still a number, not an error.
    assertThat(Json.parse("92233720368547758070")).isEqualTo(9.223372036854776E19);
  }

  @Test
  void decodesAllStringEscapes() {
    assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u65E5 \\ud83d\\ude00\""))
        .isEqualTo("q\" b\\ s/ \b\f\n\r\t é日 😀");
  }

  @Test
  void quoteEscapesQuotesBackslashesAndControlCharacters() {
    assertThat(Json.quote("a\"b\\c\nd\te\u0001f\u001fé😀"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001fé😀\"");
  }

  @Test
  void quoteEscapesLoneSurrogatesSoTheyCanBeWrittenAsUtf8() {
    String lone = "x\ud800y";

    assertThat(Json.quote(lone)).isEqualTo("\"x\\ud800y\"");
    assertThat(Json.parse(Json.quote(lone))).isEqualTo(lone);
  }

  @Test
  void writesPrettyWithTwoSpaceIndent() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", "pool");
    doc.put("sizes", List.of(1, 2));
    doc.put("empty", List.of());
    doc.put("nested", Map.of("ms", new BigDecimal("0.125")));
    doc.put("none", null);

    assertThat(Json.write(doc))
        .isEqualTo(
            String.join(
                "\n",
                "{",
                "  \"name\": \"pool\",",
                "  \"sizes\": [",
                "    1,",
                "    2",
                "  ],",
                "  \"empty\": [],",
                "  \"nested\": {",
                "    \"ms\": 0.125",
                "  },",
                "  \"none\": null",
                "}"));
  }

  @Test
  void writtenJsonParsesBackToTheSameValue() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("text", "tab\t quote\" backslash\\ nul\u0000 unicode ✓");
    doc.put("numbers", Arrays.asList(0L, -5L, 2.5, 1.0E-7, null, true));

    assertThat(Json.parse(Json.write(doc))).isEqualTo(doc);
  }

  @Test
  void refusesToWriteNonFiniteNumbers() {
    assertThatThrownBy(() -> Json.write(List.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                      | line 1, column 1: expected a JSON value, found end of input",
        "`{\"a\": 1,}`           | line 1, column 9: expected '\"' to start a member name,"
            + " found '}'",
        "`[1, 2,]`               | line 1, column 7: expected a JSON value",
        "`{\"a\" 1}`             | line 1, column 6: expected ':' after member name \"a\","
            + " found '1'",
        "`{\"a\": 1 \"b\": 2}`   | line 1, column 9: expected ',' or '}' after an object"
            + " member, found '\"'",
        "`[1 2]`                 | line 1, column 4: expected ',' or ']' after an array element",
        "`{\"a\": 1} x`          | line 1, column 10: expected end of input after the JSON value,"
            + " found 'x'",
        "`\"abc`                 | line 1, column 1: unterminated string",
        "`\"a\\x\"`              | line 1, column 4: expected one of",
        "`\"\\u12G4\"`           | line 1, column 6: expected 4 hex digits after '\\u', found 'G'",
        "`012`                   | line 1, column 2: expected '.', 'e' or the end of the number"
            + " after a leading 0",
        "`1.`                    | line 1, column 3: expected a digit after the decimal point,"
            + " found end of input",
        "`-`                     | line 1, column 2: expected a digit in number",
        "`1e`                    | line 1, column 3: expected a digit in the exponent",
        "`tru`                   | line 1, column 1: expected 'true', found 't'",
        "`NaN`                   | line 1, column 1: expected a JSON value",
        "`'a'`                   | line 1, column 1: expected a JSON value",
        "`{\"a\": 1, \"a\": 2}`  | line 1, column 10: duplicate member name \"a\"",
        "`1e999`                 | line 1, column 1: number out of range",
      })
  void malformedInputNamesThePositionAndWhatWasExpected(String input, String message) {
    assertThatThrownBy(() -> Json.parse(input))
        .isInstanceOf(JsonParseException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void positionCountsLinesAndColumns() {
    String input = "{\n  \"a\": [\n    1,\n    tru\n  ]\n}";

    assertThatThrownBy(() -> Json.parse(input))
        .isInstanceOfSatisfying(
            JsonParseException.class,
            e -> {
              assertThat(e).hasMessage("line 4, column 5: expected 'true', found 't'");
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.column()).isEqualTo(5);
              assertThat(input.substring(e.offset())).startsWith("tru");
            });
  }

  @Test
  void rawControlCharacterInStringIsNamed() {
    assertThatThrownBy(() -> Json.parse("\"a\nb\""))
        .hasMessage(
            "line 1, column 3: expected '\\' escape for control character U+000A in string");
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThatThrownBy(() -> Json.parse(deep))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("nesting deeper than " + Json.MAX_DEPTH);
  }
}
