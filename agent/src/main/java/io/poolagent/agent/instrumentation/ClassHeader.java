package io.poolagent.agent.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a class file the agent needs to decide whether to instrument a class: its access
 * flags, its superclass and its interfaces, and whether it declares a method the agent weaves.
 * Reading just that is a linear scan of the constant pool and the member tables, far cheaper than
 * parsing the whole of every class an application loads.
 *
 * <p>The scan runs for every class the application loads while it starts, so it soon becomes hot
 * and the JIT compiles it, on the same two cores the application is starting on. It is written to
 * be cheap to compile as well as to run: small methods, a table instead of a switch, no cursor
 * object, byte comparisons by hand. The first version, one 500-byte method, took C2 94-120 ms
 * to compile (an OSR and a normal compilation; this layout 27-34 ms), more than the scanning
 * itself (docs/benchmarks.md).
 */
record ClassHeader(
    boolean isInterface,
    String superName,
    List<String> interfaceNames,
    boolean declaresWoven,
    boolean namesGetConnection,
    boolean declaresLoadClass) {

  private static final int ACC_INTERFACE = 0x0200;
  private static final int ACC_ABSTRACT = 0x0400;
  private static final int ACC_NATIVE = 0x0100;

  private static final int CONSTANT_UTF8 = 1;
  private static final int CONSTANT_CLASS = 7;

  /**
   * The bytes after the tag of each other constant pool entry, by tag; 0 for a tag that does not
   * exist. Long and Double (8 bytes) also take two slots of the pool.
   */
  private static final byte[] CONSTANT_SIZES = {
    0, 0, 0, 4, 4, 8, 8, 2, 2, 4, 4, 4, 4, 0, 0, 3, 2, 4, 4, 2, 2
  };

  /** The names of the methods the agent weaves; a class declaring none of them is never woven. */
  private static final byte[] GET_CONNECTION = "getConnection".getBytes(StandardCharsets.UTF_8);

  /** A class loader's own {@code loadClass}: made to delegate the bridge's package. */
  private static final byte[] LOAD_CLASS = "loadClass".getBytes(StandardCharsets.UTF_8);

  private static final byte[][] WOVEN_METHODS = {
    GET_CONNECTION,
    "close".getBytes(StandardCharsets.UTF_8),
    "newConnection".getBytes(StandardCharsets.UTF_8)
  };

  /** Parses {@code bytes}; throws {@link IllegalArgumentException} on anything unexpected. */
  static ClassHeader parse(byte[] bytes) {
    if (u2(bytes, 0) != 0xCAFE || u2(bytes, 2) != 0xBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    int count = u2(bytes, 8);
    int[] utf8Offsets = new int[count];
    int[] classNameIndexes = new int[count];
    int position = scanConstantPool(bytes, count, utf8Offsets, classNameIndexes);
    int access = u2(bytes, position);
    int superIndex = u2(bytes, position + 4);
    int interfaceCount = u2(bytes, position + 6);
    position += 8;
    List<String> interfaces = new ArrayList<>(interfaceCount);
    for (int i = 0; i < interfaceCount; i++, position += 2) {
      interfaces.add(className(bytes, utf8Offsets, classNameIndexes, u2(bytes, position)));
    }
    String superName =
        superIndex == 0 ? null : className(bytes, utf8Offsets, classNameIndexes, superIndex);
    int declared = declared(bytes, skipFields(bytes, position), utf8Offsets);
    return new ClassHeader(
        (access & ACC_INTERFACE) != 0,
        superName,
        interfaces,
        (declared & DECLARES_WOVEN) != 0,
        // A class that calls getConnection has the name in its constant pool; so does one that
        // declares it. Either may hold a call site to mark.
        namesGetConnection(bytes, utf8Offsets),
        (declared & DECLARES_LOAD_CLASS) != 0);
  }

  private static final int DECLARES_WOVEN = 1;
  private static final int DECLARES_LOAD_CLASS = 2;

  /**
   * Records where each Utf8 constant starts (at its length) and which Utf8 each Class constant
   * names; returns the position after the pool.
   */
  private static int scanConstantPool(
      byte[] bytes, int count, int[] utf8Offsets, int[] classNameIndexes) {
    int position = 10;
    for (int i = 1; i < count; i++) {
      int tag = bytes[position];
      if (tag == CONSTANT_UTF8) {
        utf8Offsets[i] = position + 1;
        position += 3 + u2(bytes, position + 1);
      } else if (tag == CONSTANT_CLASS) {
        classNameIndexes[i] = u2(bytes, position + 1);
        position += 3;
      } else {
        int size = tag > 0 && tag < CONSTANT_SIZES.length ? CONSTANT_SIZES[tag] : 0;
        if (size == 0) {
          throw new IllegalArgumentException("unknown constant pool tag " + tag);
        }
        position += 1 + size;
        if (size == 8) {
          i++;
        }
      }
    }
    return position;
  }

  private static boolean namesGetConnection(byte[] bytes, int[] utf8Offsets) {
    for (int offset : utf8Offsets) {
      if (offset != 0 && equalsConstant(bytes, offset, GET_CONNECTION)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the position of the methods table. */
  private static int skipFields(byte[] bytes, int position) {
    int fields = u2(bytes, position);
    position += 2;
    for (int i = 0; i < fields; i++) {
      position = skipAttributes(bytes, position + 6); // access, name, descriptor
    }
    return position;
  }

  /**
   * What the methods with a body are named, in one pass over the method table: {@link
   * #DECLARES_WOVEN} for one the agent weaves, {@link #DECLARES_LOAD_CLASS} for a class loader's
   * {@code loadClass}.
   */
  private static int declared(byte[] bytes, int position, int[] utf8Offsets) {
    int methods = u2(bytes, position);
    position += 2;
    int declared = 0;
    for (int i = 0; i < methods; i++) {
      int access = u2(bytes, position);
      int name = utf8Offsets[u2(bytes, position + 2)];
      position = skipAttributes(bytes, position + 6); // access, name, descriptor
      if ((access & (ACC_ABSTRACT | ACC_NATIVE)) == 0) {
        declared |= isAny(bytes, name, WOVEN_METHODS) ? DECLARES_WOVEN : 0;
        declared |= equalsConstant(bytes, name, LOAD_CLASS) ? DECLARES_LOAD_CLASS : 0;
      }
    }
    return declared;
  }


  /** Returns the position after the attributes table at {@code position}. */
  private static int skipAttributes(byte[] bytes, int position) {
    int count = u2(bytes, position);
    position += 2;
    for (int i = 0; i < count; i++) {
      int length = (u2(bytes, position + 2) << 16) | u2(bytes, position + 4);
      position += 6 + length;
    }
    return position;
  }

  /** Compares the constant's bytes in place: no String for each of a class's methods. */
  private static boolean isAny(byte[] bytes, int offset, byte[][] names) {
    for (byte[] woven : names) {
      if (equalsConstant(bytes, offset, woven)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the Utf8 constant at {@code offset} (its length first) is {@code name}. */
  private static boolean equalsConstant(byte[] bytes, int offset, byte[] name) {
    if (u2(bytes, offset) != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (bytes[offset + 2 + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static String className(byte[] bytes, int[] utf8Offsets, int[] classIndexes, int index) {
    int offset = utf8Offsets[classIndexes[index]];
    // Class names are modified UTF-8; for the names compared here plain UTF-8 decoding is exact.
    return new String(bytes, offset + 2, u2(bytes, offset), StandardCharsets.UTF_8);
  }

  private static int u2(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }
}
