package io.poolagent.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, validating access to one parsed JSON object. Every failure names the field by its full
 * path ({@code leaks[3].stack[0]}) and the source, because the user has to find it in the file.
 * Members that are not asked for are ignored: that is what lets an older reader accept a newer
 * report that only added fields.
 */
final class JsonFields {

  /** Reads one element of an array of objects. */
  @FunctionalInterface
  interface ObjectReader<T> {
    T read(JsonFields fields) throws ReportFormatException;
  }

  private final String source;
  private final String path;
  private final Map<?, ?> members;

  private JsonFields(String source, String path, Map<?, ?> members) {
    this.source = source;
    this.path = path;
    this.members = members;
  }

  /** The document's top-level value, which must be an object. */
  static JsonFields root(String source, Object document) throws ReportFormatException {
    if (!(document instanceof Map<?, ?> map)) {
      throw new ReportFormatException(
          source, "expected a JSON object at the top level, found " + describe(document));
    }
    return new JsonFields(source, "", map);
  }

  /** A string field; JSON {@code null} reads as {@code null} (e.g. an unknown agent version). */
  String string(String name) throws ReportFormatException {
    Object value = required(name);
    if (value != null && !(value instanceof String)) {
      throw wrongType(name, "a string", value);
    }
    return (String) value;
  }

  long longValue(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof Long l)) {
      throw wrongType(name, "an integer", value);
    }
    return l;
  }

  /** An integer field that older reports, or some entries, do not have: null then. */
  Long optionalLong(String name) throws ReportFormatException {
    if (!members.containsKey(name) || members.get(name) == null) {
      return null;
    }
    return longValue(name);
  }

  int intValue(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof Long l) || l != l.intValue()) {
      throw wrongType(name, "a 32-bit integer", value);
    }
    return l.intValue();
  }

  /** Accepts integers too: the writer drops a fraction of zero. */
  double doubleValue(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof Long || value instanceof Double)) {
      throw wrongType(name, "a number", value);
    }
    return ((Number) value).doubleValue();
  }

  boolean booleanValue(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof Boolean b)) {
      throw wrongType(name, "true or false", value);
    }
    return b;
  }

  JsonFields object(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof Map<?, ?> map)) {
      throw wrongType(name, "an object", value);
    }
    return new JsonFields(source, pathOf(name), map);
  }

  /**
   * An object that reports of earlier versions lack: absent or JSON {@code null} reads as {@code
   * null}.
   */
  JsonFields optionalObject(String name) throws ReportFormatException {
    if (members.get(name) == null) {
      return null;
    }
    return object(name);
  }

  /** An integer field that may be JSON {@code null}. */
  Long nullableLong(String name) throws ReportFormatException {
    return required(name) == null ? null : longValue(name);
  }

  /** A 32-bit integer field that may be JSON {@code null}. */
  Integer nullableInt(String name) throws ReportFormatException {
    return required(name) == null ? null : intValue(name);
  }

  /** A number field that may be JSON {@code null}. */
  Double nullableDouble(String name) throws ReportFormatException {
    return required(name) == null ? null : doubleValue(name);
  }

  /** A {@code true}/{@code false} field that may be JSON {@code null}. */
  /** A boolean that reports written before it existed lack: {@code absent} then. */
  boolean optionalBoolean(String name, boolean absent) throws ReportFormatException {
    return members.containsKey(name) ? booleanValue(name) : absent;
  }

  Boolean nullableBoolean(String name) throws ReportFormatException {
    return required(name) == null ? null : booleanValue(name);
  }

  /** An object of string values, in document order. */
  Map<String, String> stringMap(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof Map<?, ?> map)) {
      throw wrongType(name, "an object", value);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getValue() instanceof String s)) {
        throw wrongType(name + "." + entry.getKey(), "a string", entry.getValue());
      }
      result.put((String) entry.getKey(), s);
    }
    return Collections.unmodifiableMap(result);
  }

  List<String> stringList(String name) throws ReportFormatException {
    List<?> array = array(name);
    List<String> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof String s)) {
        throw wrongType(name + "[" + i + "]", "a string", array.get(i));
      }
      result.add(s);
    }
    return List.copyOf(result);
  }

  <T> List<T> objectList(String name, ObjectReader<T> reader) throws ReportFormatException {
    List<?> array = array(name);
    List<T> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String element = name + "[" + i + "]";
      if (!(array.get(i) instanceof Map<?, ?> map)) {
        throw wrongType(element, "an object", array.get(i));
      }
      result.add(reader.read(new JsonFields(source, pathOf(element), map)));
    }
    return List.copyOf(result);
  }

  /** A list of objects that reports of earlier versions lack: absent reads as empty. */
  <T> List<T> optionalObjectList(String name, ObjectReader<T> reader)
      throws ReportFormatException {
    return members.containsKey(name) ? objectList(name, reader) : List.of();
  }

  /** A failure about this object's field {@code name}, for checks beyond the JSON type. */
  ReportFormatException invalid(String name, String problem) {
    return new ReportFormatException(source, "field \"" + pathOf(name) + "\" " + problem);
  }

  private List<?> array(String name) throws ReportFormatException {
    Object value = required(name);
    if (!(value instanceof List<?> list)) {
      throw wrongType(name, "an array", value);
    }
    return list;
  }

  private Object required(String name) throws ReportFormatException {
    if (!members.containsKey(name)) {
      throw new ReportFormatException(
          source, "missing required field \"" + pathOf(name) + "\"");
    }
    return members.get(name);
  }

  private ReportFormatException wrongType(String name, String expected, Object found) {
    return invalid(name, "must be " + expected + ", found " + describe(found));
  }

  private String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String s) {
      return "a string (" + Json.quote(s.length() > 40 ? s.substring(0, 40) + "..." : s) + ")";
    } else if (value instanceof Map) {
      return "an object";
    } else if (value instanceof List) {
      return "an array";
    } else if (value instanceof Boolean b) {
      return b.toString();
    } else {
      return value.toString();
    }
  }
}
