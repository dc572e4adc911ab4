package io.poolagent.agent.instrumentation;

import static org.objectweb.asm.Opcodes.ACC_ABSTRACT;
import static org.objectweb.asm.Opcodes.ACC_NATIVE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.F_NEW;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.JSR;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LONG;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.RET;
import static org.objectweb.asm.Opcodes.DOUBLE;
import static org.objectweb.asm.Opcodes.TOP;
import static org.objectweb.asm.Opcodes.V1_6;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Weaves calls to the bootstrap bridge into JDBC methods. What goes in is what an advice
 * framework would inline, written out:
 *
 * <pre>
 * Connection getConnection() {            // DataSource, and DriverManager's (source: the URL)
 *   long enter = PoolAgentBridge.enterBorrow();
 *   Object source = this;
 *   try {
 *     ... original body; before each return of c: PoolAgentBridge.exitBorrow(source, c, null, enter)
 *   } catch (Throwable t) {
 *     PoolAgentBridge.exitBorrow(source, null, t, enter);
 *     throw t;
 *   }
 * }
 * void close() {                          // Connection
 *   PoolAgentBridge.closing(this);
 *   ... original body
 * }
 * </pre>
 *
 * <p>The bridge swallows its own failures, so the woven code cannot change what the method
 * returns or throws. Stack map frames are written here, not computed: computing them needs the
 * common superclass of two types, which means loading classes from inside a transformer. The new
 * locals sit above the method's own, every existing frame is extended with them, and the handler
 * declares only them (the method's locals are TOP there), which holds wherever the handler is
 * entered from.
 */
final class JdbcWeaver {

  private static final String BRIDGE = "io/poolagent/bootstrap/PoolAgentBridge";
  private static final String EXIT_BORROW =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;J)V";
  private static final String CONNECTION = "java/sql/Connection";

  private JdbcWeaver() {}

  /** The woven class file, or null when no method of it needed weaving. */
  static byte[] weave(byte[] classFile, int kinds, ClassLoader loader) {
    ClassNode type = new ClassNode();
    new ClassReader(classFile).accept(type, ClassReader.EXPAND_FRAMES);
    boolean frames = (type.version & 0xFFFF) >= V1_6;
    boolean woven = false;
    for (MethodNode method : type.methods) {
      if ((method.access & (ACC_ABSTRACT | ACC_NATIVE)) != 0
          || method.instructions.size() == 0
          || hasSubroutines(method)) {
        continue;
      }
      if ((kinds & JdbcTypes.DATA_SOURCE) != 0 && isDataSourceGetConnection(method, loader)) {
        weaveBorrow(method, frames);
        woven = true;
      } else if ((kinds & JdbcTypes.DRIVER_MANAGER) != 0 && isDriverManagerGetConnection(method)) {
        weaveBorrow(method, frames);
        woven = true;
      } else if ((kinds & JdbcTypes.CONNECTION) != 0 && isClose(method)) {
        weaveClose(method);
        woven = true;
      } else if ((kinds & JdbcTypes.HIKARI_POOL_BASE) != 0 && isHikariConnect(type, method)) {
        weaveConnectTiming(type, method, frames);
        woven = true;
      }
    }
    if (!woven) {
      return null;
    }
    // COMPUTE_MAXS, never COMPUTE_FRAMES: see the class comment.
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    type.accept(writer);
    return writer.toByteArray();
  }

  /**
   * {@code getConnection()} and {@code getConnection(String, String)} returning a Connection or a
   * subtype: a covariant override is called directly by code holding the concrete type, bypassing
   * the bridge method that returns Connection.
   */
  private static boolean isDataSourceGetConnection(MethodNode method, ClassLoader loader) {
    if (!method.name.equals("getConnection") || (method.access & ACC_STATIC) != 0) {
      return false;
    }
    Type[] arguments = Type.getArgumentTypes(method.desc);
    boolean credentials =
        arguments.length == 2
            && arguments[0].getDescriptor().equals("Ljava/lang/String;")
            && arguments[1].getDescriptor().equals("Ljava/lang/String;");
    if (arguments.length != 0 && !credentials) {
      return false;
    }
    Type returned = Type.getReturnType(method.desc);
    return returned.getSort() == Type.OBJECT
        && (returned.getInternalName().equals(CONNECTION)
            || JdbcTypes.isConnection(loader, returned.getInternalName()));
  }

  /** The public {@code DriverManager.getConnection(String, ...)} methods; the URL is the source. */
  private static boolean isDriverManagerGetConnection(MethodNode method) {
    return method.name.equals("getConnection")
        && (method.access & (ACC_PUBLIC | ACC_STATIC)) == (ACC_PUBLIC | ACC_STATIC)
        && method.desc.startsWith("(Ljava/lang/String;")
        && method.desc.endsWith(")Ljava/sql/Connection;");
  }

  private static boolean isClose(MethodNode method) {
    return method.name.equals("close")
        && method.desc.equals("()V")
        && (method.access & ACC_STATIC) == 0;
  }

  /** HikariCP's {@code newConnection} (no arguments before 7, a boolean since), with its name. */
  private static boolean isHikariConnect(ClassNode type, MethodNode method) {
    if (!method.name.equals("newConnection")
        || !method.desc.endsWith(")Ljava/sql/Connection;")
        || (method.access & ACC_STATIC) != 0) {
      return false;
    }
    for (FieldNode field : type.fields) {
      if (field.name.equals("poolName") && field.desc.equals("Ljava/lang/String;")) {
        return true;
      }
    }
    return false;
  }

  private static void weaveBorrow(MethodNode method, boolean frames) {
    int base = method.maxLocals;
    int source = base;
    int enter = base + 1; // a long: two slots
    int scratch = base + 3;
    if (frames) {
      extendFrames(method, base, "java/lang/Object", LONG);
    }

    LabelNode start = new LabelNode();
    InsnList prologue = new InsnList();
    prologue.add(new MethodInsnNode(INVOKESTATIC, BRIDGE, "enterBorrow", "()J", false));
    prologue.add(new VarInsnNode(LSTORE, enter));
    // Slot 0 is `this` in a DataSource, the URL in DriverManager's static getConnection.
    prologue.add(new VarInsnNode(ALOAD, 0));
    prologue.add(new VarInsnNode(ASTORE, source));
    prologue.add(start);

    for (AbstractInsnNode insn : returns(method)) {
      InsnList exit = new InsnList();
      exit.add(new InsnNode(DUP));
      exit.add(new VarInsnNode(ASTORE, scratch));
      exit.add(new VarInsnNode(ALOAD, source));
      exit.add(new VarInsnNode(ALOAD, scratch));
      exit.add(new InsnNode(ACONST_NULL));
      exit.add(new VarInsnNode(LLOAD, enter));
      exit.add(new MethodInsnNode(INVOKESTATIC, BRIDGE, "exitBorrow", EXIT_BORROW, false));
      method.instructions.insertBefore(insn, exit);
    }
    method.instructions.insert(prologue);

    LabelNode end = new LabelNode();
    LabelNode handler = new LabelNode();
    InsnList thrown = new InsnList();
    thrown.add(end);
    thrown.add(handler);
    if (frames) {
      Object[] locals = new Object[base + 2];
      for (int i = 0; i < base; i++) {
        locals[i] = TOP;
      }
      locals[base] = "java/lang/Object";
      locals[base + 1] = LONG;
      thrown.add(new FrameNode(F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"}));
    }
    thrown.add(new VarInsnNode(ASTORE, scratch));
    thrown.add(new VarInsnNode(ALOAD, source));
    thrown.add(new InsnNode(ACONST_NULL));
    thrown.add(new VarInsnNode(ALOAD, scratch));
    thrown.add(new VarInsnNode(LLOAD, enter));
    thrown.add(new MethodInsnNode(INVOKESTATIC, BRIDGE, "exitBorrow", EXIT_BORROW, false));
    thrown.add(new VarInsnNode(ALOAD, scratch));
    thrown.add(new InsnNode(ATHROW));
    method.instructions.add(thrown);
    // Last in the table: the method's own handlers keep precedence over their ranges.
    method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, "java/lang/Throwable"));
    method.maxLocals = base + 4;
  }

  private static void weaveClose(MethodNode method) {
    InsnList prologue = new InsnList();
    prologue.add(new VarInsnNode(ALOAD, 0));
    prologue.add(new MethodInsnNode(INVOKESTATIC, BRIDGE, "closing", "(Ljava/lang/Object;)V", false));
    method.instructions.insert(prologue);
  }

  /** Times each successful physical connect; a failed one is no connection created. */
  private static void weaveConnectTiming(ClassNode type, MethodNode method, boolean frames) {
    int base = method.maxLocals;
    int start = base; // a long: two slots
    int scratch = base + 2;
    if (frames) {
      extendFrames(method, base, LONG);
    }
    for (AbstractInsnNode insn : returns(method)) {
      InsnList exit = new InsnList();
      exit.add(new InsnNode(DUP));
      exit.add(new VarInsnNode(ASTORE, scratch));
      exit.add(new LdcInsnNode("hikari"));
      exit.add(new VarInsnNode(ALOAD, 0));
      exit.add(new FieldInsnNode(GETFIELD, type.name, "poolName", "Ljava/lang/String;"));
      exit.add(new VarInsnNode(ALOAD, scratch));
      exit.add(new VarInsnNode(LLOAD, start));
      exit.add(
          new MethodInsnNode(
              INVOKESTATIC,
              BRIDGE,
              "connectionCreated",
              "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/Object;J)V",
              false));
      method.instructions.insertBefore(insn, exit);
    }
    InsnList prologue = new InsnList();
    prologue.add(new MethodInsnNode(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false));
    prologue.add(new VarInsnNode(LSTORE, start));
    method.instructions.insert(prologue);
    method.maxLocals = base + 3;
  }

  private static List<AbstractInsnNode> returns(MethodNode method) {
    List<AbstractInsnNode> returns = new ArrayList<>();
    for (AbstractInsnNode insn : method.instructions) {
      if (insn.getOpcode() == ARETURN) {
        returns.add(insn);
      }
    }
    return returns;
  }

  /**
   * Adds the woven locals to every frame of the method, above its own {@code base} slots, so
   * they stay defined across the method's branches and handlers.
   */
  private static void extendFrames(MethodNode method, int base, Object... added) {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof FrameNode) {
        FrameNode frame = (FrameNode) insn;
        List<Object> locals = frame.local == null ? new ArrayList<>() : new ArrayList<>(frame.local);
        int slots = 0;
        for (Object local : locals) {
          slots += local == LONG || local == DOUBLE ? 2 : 1;
        }
        for (; slots < base; slots++) {
          locals.add(TOP);
        }
        for (Object local : added) {
          locals.add(local);
        }
        frame.local = locals;
      }
    }
  }

  /** JSR/RET (class files older than Java 6) would need inlining first; such methods are left. */
  private static boolean hasSubroutines(MethodNode method) {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn.getOpcode() == JSR || insn.getOpcode() == RET) {
        return true;
      }
    }
    return false;
  }
}
