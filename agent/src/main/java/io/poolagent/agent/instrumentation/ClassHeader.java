package io.poolagent.agent.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a class file the agent needs to decide whether to instrument a class: its access
 * flags, its superclass and its interfaces, and whether it declares a method the agent weaves.
 * Reading just that is a linear scan of the constant pool and the member tables, far cheaper than
 * parsing the whole of every class an application loads.
 */
record ClassHeader(
    boolean isInterface,
    String superName,
    List<String> interfaceNames,
    boolean declaresWoven,
    boolean namesGetConnection) {

  private static final int ACC_INTERFACE = 0x0200;
  private static final int ACC_ABSTRACT = 0x0400;
  private static final int ACC_NATIVE = 0x0100;

  /** The names of the methods the agent weaves; a class declaring none of them is never woven. */
  private static final byte[] GET_CONNECTION = "getConnection".getBytes(StandardCharsets.UTF_8);

  private static final byte[][] WOVEN_METHODS = {
    GET_CONNECTION,
    "close".getBytes(StandardCharsets.UTF_8),
    "newConnection".getBytes(StandardCharsets.UTF_8)
  };

  /** Parses {@code bytes}; throws {@link IllegalArgumentException} on anything unexpected. */
  static ClassHeader parse(byte[] bytes) {
    Reader in = new Reader(bytes);
    if (in.u4() != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    in.skip(4); // minor, major version
    int count = in.u2();
    int[] utf8Offsets = new int[count];
    int[] classNameIndexes = new int[count];
    // A class that calls getConnection has the name in its constant pool; so does one that
    // declares it. Either may hold a call site to mark.
    boolean namesGetConnection = false;
    for (int i = 1; i < count; i++) {
      int tag = in.u1();
      switch (tag) {
        case 1: // Utf8
          utf8Offsets[i] = in.position;
          namesGetConnection |= equalsConstant(bytes, in.position, GET_CONNECTION);
          in.skip(in.u2());
          break;
        case 7: // Class
          classNameIndexes[i] = in.u2();
          break;
        case 8: case 16: case 19: case 20: // String, MethodType, Module, Package
          in.skip(2);
          break;
        case 15: // MethodHandle
          in.skip(3);
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          in.skip(4);
          break;
        case 5: case 6: // Long, Double take two slots
          in.skip(8);
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    int access = in.u2();
    in.skip(2); // this_class
    int superIndex = in.u2();
    int interfaceCount = in.u2();
    List<String> interfaces = new ArrayList<>(interfaceCount);
    for (int i = 0; i < interfaceCount; i++) {
      interfaces.add(className(bytes, utf8Offsets, classNameIndexes, in.u2()));
    }
    String superName =
        superIndex == 0 ? null : className(bytes, utf8Offsets, classNameIndexes, superIndex);
    int fields = in.u2();
    for (int i = 0; i < fields; i++) {
      in.skip(6); // access, name, descriptor
      skipAttributes(in);
    }
    boolean declaresWoven = false;
    int methods = in.u2();
    for (int i = 0; i < methods; i++) {
      int methodAccess = in.u2();
      int name = in.u2();
      in.skip(2); // descriptor
      skipAttributes(in);
      declaresWoven |=
          (methodAccess & (ACC_ABSTRACT | ACC_NATIVE)) == 0 && isWoven(bytes, utf8Offsets[name]);
    }
    return new ClassHeader(
        (access & ACC_INTERFACE) != 0, superName, interfaces, declaresWoven, namesGetConnection);
  }

  private static void skipAttributes(Reader in) {
    int count = in.u2();
    for (int i = 0; i < count; i++) {
      in.skip(2);
      in.skip(in.u4());
    }
  }

  /** Compares the constant's bytes in place: no String for each of a class's methods. */
  private static boolean isWoven(byte[] bytes, int offset) {
    for (byte[] woven : WOVEN_METHODS) {
      if (equalsConstant(bytes, offset, woven)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the Utf8 constant at {@code offset} (its length first) is {@code name}. */
  private static boolean equalsConstant(byte[] bytes, int offset, byte[] name) {
    int length = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    return length == name.length
        && java.util.Arrays.equals(bytes, offset + 2, offset + 2 + length, name, 0, length);
  }

  private static String className(byte[] bytes, int[] utf8Offsets, int[] classIndexes, int index) {
    int offset = utf8Offsets[classIndexes[index]];
    int length = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    // Class names are modified UTF-8; for the names compared here plain UTF-8 decoding is exact.
    return new String(bytes, offset + 2, length, StandardCharsets.UTF_8);
  }

  /** A big-endian cursor over the class file. */
  private static final class Reader {
    private final byte[] bytes;
    int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int u1() {
      return bytes[position++] & 0xFF;
    }

    int u2() {
      return (u1() << 8) | u1();
    }

    int u4() {
      return (u2() << 16) | u2();
    }

    void skip(int n) {
      position += n;
    }
  }
}
