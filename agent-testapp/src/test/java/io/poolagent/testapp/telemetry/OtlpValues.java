package io.poolagent.testapp.telemetry;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns OTLP attribute values into plain Java, so tests compare with {@code Map.of(...)} instead of
 * building protobuf messages.
 */
final class OtlpValues {

  private OtlpValues() {}

  /** Attributes in wire order: string, {@code Boolean}, {@code Long}, {@code Double}, list, map. */
  static Map<String, Object> toMap(List<KeyValue> attributes) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : attributes) {
      map.put(kv.getKey(), toJava(kv.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /** One value; bytes stay a {@code byte[]}, an unset value is null. */
  static Object toJava(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          list.add(toJava(element));
        }
        return Collections.unmodifiableList(list);
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      case BYTES_VALUE:
        ByteString bytes = value.getBytesValue();
        return bytes.toByteArray();
      default:
        return null;
    }
  }

  /**
   * Whether {@code attributes} holds every entry of {@code expected}, values compared as text, so a
   * test can write {@code Map.of("pool", "a")} whatever the attribute's type on the wire.
   */
  static boolean containsAll(Map<String, Object> attributes, Map<String, String> expected) {
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      Object actual = attributes.get(entry.getKey());
      if (actual == null || !String.valueOf(actual).equals(entry.getValue())) {
        return false;
      }
    }
    return true;
  }
}
