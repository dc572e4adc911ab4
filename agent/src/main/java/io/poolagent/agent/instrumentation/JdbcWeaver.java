package io.poolagent.agent.instrumentation;

import static org.objectweb.asm.Opcodes.ACC_ABSTRACT;
import static org.objectweb.asm.Opcodes.ACC_INTERFACE;
import static org.objectweb.asm.Opcodes.ACC_NATIVE;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ACC_TRANSIENT;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ASM9;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.F_NEW;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.INTEGER;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IFNULL;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.JSR;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LONG;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.RET;
import static org.objectweb.asm.Opcodes.DOUBLE;
import static org.objectweb.asm.Opcodes.TOP;
import static org.objectweb.asm.Opcodes.V1_6;

import io.poolagent.lease.StackCapture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.TypeInsnNode;
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
 * // mode=manage, before the above, where getConnection returns exactly Connection:
 * Object routed = PoolAgentBridge.route(source, info, user, password);  // what the method has
 * if (routed != null) return (Connection) routed;
 *
 * void close() {                          // Connection
 *   PoolAgentBridge.closing(this);
 *   ... original body
 * }
 * void evictConnection(Connection c) {    // a pool's own way to end a borrow (JdbcTypes.EVICTING)
 *   PoolAgentBridge.evicting(c);
 *   ... original body
 * }
 * Class loadClass(String name[, boolean resolve]) {   // a class loader's own
 *   if (name != null &amp;&amp; name.startsWith("io.poolagent.bootstrap.")) {
 *     return Class.forName(name, false, null);          // the bridge, from the bootstrap loader
 *   }
 *   ... original body
 * }
 * // and, in a connection class woven as it is first loaded (LeaseCarrier says why):
 * class ... implements LeaseCarrier {
 *   private transient Object poolAgent$lease;
 *   public Object poolAgent$lease() { return poolAgent$lease; }
 *   public void poolAgent$lease(Object lease) { poolAgent$lease = lease; }
 * }
 * </pre>
 *
 * <p>The bridge swallows its own failures, so the woven code cannot change what the method
 * returns or throws. Stack map frames and maxima are written here, not computed: computing them needs the
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
  private static final String CARRIER = "io/poolagent/bootstrap/LeaseCarrier";
  private static final String CARRIER_FIELD = "poolAgent$lease";
  /** How a method descriptor returning exactly a Connection ends. */
  private static final String RETURNS_CONNECTION = ")L" + CONNECTION + ";";

  private JdbcWeaver() {}

  private static final String ROUTE =
      "(Ljava/lang/Object;Ljava/util/Properties;Ljava/lang/String;Ljava/lang/String;)"
          + "Ljava/lang/Object;";

  /**
   * What weaving a class gave.
   *
   * @param bytes the woven class file, or null when no method of it needed weaving
   * @param callsBridge whether the woven code calls the bridge (a JDBC method or a call site was
   *     woven), so the class's loader must see it; a loader's delegation alone does not
   * @param unwoven methods that should have been woven but were left as they were, and why
   */
  record Result(byte[] bytes, boolean callsBridge, List<String> unwoven) {}

  /**
   * Weaves the class.
   *
   * @param route {@code mode=manage}: borrows also ask the managed pool first
   * @param carrier whether a connection class whose {@code close()} is woven also becomes a
   *     {@link io.poolagent.bootstrap.LeaseCarrier}: only as the class is first loaded, or when
   *     it became one then (a retransformation must add the same members or none)
   */
  static Result weave(
      byte[] classFile, int kinds, ClassLoader loader, boolean route, boolean carrier) {
    ClassReader reader = new ClassReader(classFile);
    // Given the reader, the writer copies the constant pool and every method that is not woven
    // byte for byte, unparsed: a driver's connection class can be hundreds of kilobytes, and
    // only its close() changes. Nothing is computed (see the class comment): the woven methods'
    // maxima are set here.
    ClassWriter writer = new ClassWriter(reader, 0);
    boolean addCarrier =
        carrier && (kinds & JdbcTypes.CONNECTION) != 0 && canCarry(reader) && declaresClose(reader);
    Selector selector = new Selector(writer, kinds, loader, route, addCarrier);
    reader.accept(selector, ClassReader.EXPAND_FRAMES);
    return new Result(
        selector.woven ? writer.toByteArray() : null,
        selector.woven && selector.callsBridge,
        List.copyOf(selector.unwoven));
  }

  /** What is woven into one method. */
  private enum Shape {
    BORROW,
    CLOSE,
    CONNECT,
    EVICT,
    DELEGATE
  }

  /** Passes every method through untouched but those it weaves, which it builds as trees. */
  private static final class Selector extends ClassVisitor {
    private final int kinds;
    private final ClassLoader loader;
    private final boolean route;
    private String owner;
    private boolean frames;
    private boolean hasPoolName;
    private final boolean carrier;
    boolean woven;
    boolean callsBridge;
    final List<String> unwoven = new ArrayList<>();

    Selector(ClassVisitor writer, int kinds, ClassLoader loader, boolean route, boolean carrier) {
      super(ASM9, writer);
      this.kinds = kinds;
      this.loader = loader;
      this.route = route;
      this.carrier = carrier;
    }

    @Override
    public void visit(
        int version, int access, String name, String signature, String superName, String[] interfaces) {
      owner = name;
      frames = (version & 0xFFFF) >= V1_6;
      if (carrier) {
        interfaces = Arrays.copyOf(interfaces, interfaces.length + 1);
        interfaces[interfaces.length - 1] = CARRIER;
        woven = true;
        callsBridge = true;
      }
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitEnd() {
      if (carrier) {
        addCarrierMembers(cv, owner);
      }
      super.visitEnd();
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      // Fields come before methods: HikariCP's name is known when newConnection is reached.
      hasPoolName |= name.equals("poolName") && descriptor.equals("Ljava/lang/String;");
      return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor written = super.visitMethod(access, name, descriptor, signature, exceptions);
      MethodVisitor target =
          (kinds & JdbcTypes.BORROW_SITES) != 0 && hasBody(access)
              ? new SiteMarker(written, this)
              : written;
      Shape shape = hasBody(access) ? shapeOf(access, name, descriptor) : null;
      if (shape == null) {
        return target;
      }
      return new MethodNode(ASM9, access, name, descriptor, signature, exceptions) {
        @Override
        public void visitEnd() {
          if (instructions.size() > 0 && hasSubroutines(this)) {
            // A loader's own loadClass left so is no blind spot by itself: the classes it defines
            // are checked for the bridge before they are woven.
            if (shape != Shape.DELEGATE) {
              unwoven.add(
                  name + descriptor + ": JSR/RET subroutines (a class file older than Java 6)");
            }
          } else if (instructions.size() > 0) {
            int maxStack = this.maxStack;
            callsBridge |= shape != Shape.DELEGATE;
            switch (shape) {
              case BORROW:
                weaveBorrow(this, frames);
                if (route && Type.getReturnType(desc).getInternalName().equals(CONNECTION)) {
                  weaveRoute(this, owner, frames);
                }
                break;
              case CLOSE:
                weaveClose(this);
                break;
              case DELEGATE:
                weaveDelegation(this, owner, frames);
                break;
              case EVICT:
                weaveEvict(this);
                break;
              default:
                weaveConnectTiming(owner, this, frames);
            }
            // The most any woven sequence pushes on top of what the method had.
            this.maxStack = maxStack + 6;
            woven = true;
          }
          accept(target);
        }
      };
    }

    private Shape shapeOf(int access, String name, String descriptor) {
      if ((kinds & JdbcTypes.CLASS_LOADER) != 0 && isLoadClass(access, name, descriptor)) {
        return Shape.DELEGATE;
      }
      if ((kinds & JdbcTypes.DATA_SOURCE) != 0
          && isDataSourceGetConnection(access, name, descriptor, loader)) {
        return Shape.BORROW;
      }
      if ((kinds & JdbcTypes.DRIVER_MANAGER) != 0
          && isDriverManagerGetConnection(access, name, descriptor)) {
        return Shape.BORROW;
      }
      if ((kinds & JdbcTypes.CONNECTION) != 0 && isClose(access, name, descriptor)) {
        return Shape.CLOSE;
      }
      if ((kinds & JdbcTypes.HIKARI_POOL_BASE) != 0
          && hasPoolName
          && isHikariConnect(access, name, descriptor)) {
        return Shape.CONNECT;
      }
      if ((kinds & JdbcTypes.EVICTOR) != 0 && isEvict(owner, access, name, descriptor)) {
        return Shape.EVICT;
      }
      return null;
    }
  }

  /** Ids for marked call sites; 0 is no site. */
  private static final AtomicInteger SITES = new AtomicInteger();

  /**
   * Marks each call of a {@code getConnection} that returns a Connection, whoever declares it (a
   * DataSource, {@code DriverManager}, Spring's {@code DataSourceUtils}, an application's helper):
   *
   * <pre>
   * PoolAgentBridge.borrowSite(17);   // this instruction's id
   * Connection c = dataSource.getConnection();
   * PoolAgentBridge.borrowSiteEnd();
   * </pre>
   *
   * Straight-line code around one instruction: no branch, no new local, the stack one deeper for
   * the constant, so no stack map frame changes. A call that throws skips the end; the bridge
   * says what that costs.
   */
  private static final class SiteMarker extends MethodVisitor {
    private final Selector selector;
    private boolean marked;

    SiteMarker(MethodVisitor target, Selector selector) {
      super(ASM9, target);
      this.selector = selector;
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      int site =
          name.equals("getConnection") && descriptor.endsWith(RETURNS_CONNECTION)
              ? SITES.incrementAndGet()
              : 0;
      boolean mark = site > 0 && site < StackCapture.MAX_SITES;
      if (mark) {
        super.visitLdcInsn(site);
        super.visitMethodInsn(INVOKESTATIC, BRIDGE, "borrowSite", "(I)V", false);
      }
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      if (mark) {
        super.visitMethodInsn(INVOKESTATIC, BRIDGE, "borrowSiteEnd", "()V", false);
        marked = true;
        selector.woven = true;
        selector.callsBridge = true;
      }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      super.visitMaxs(marked ? maxStack + 1 : maxStack, maxLocals);
    }
  }

  /**
   * {@code getConnection()} and {@code getConnection(String, String)} returning a Connection or a
   * subtype: a covariant override is called directly by code holding the concrete type, bypassing
   * the bridge method that returns Connection.
   */
  private static boolean isDataSourceGetConnection(
      int access, String name, String descriptor, ClassLoader loader) {
    if (!name.equals("getConnection") || (access & ACC_STATIC) != 0) {
      return false;
    }
    Type[] arguments = Type.getArgumentTypes(descriptor);
    boolean credentials =
        arguments.length == 2
            && arguments[0].getDescriptor().equals("Ljava/lang/String;")
            && arguments[1].getDescriptor().equals("Ljava/lang/String;");
    if (arguments.length != 0 && !credentials) {
      return false;
    }
    Type returned = Type.getReturnType(descriptor);
    return returned.getSort() == Type.OBJECT
        && (returned.getInternalName().equals(CONNECTION)
            || JdbcTypes.isConnection(loader, returned.getInternalName()));
  }

  /** The public {@code DriverManager.getConnection(String, ...)} methods; the URL is the source. */
  private static boolean isDriverManagerGetConnection(int access, String name, String descriptor) {
    return name.equals("getConnection")
        && (access & (ACC_PUBLIC | ACC_STATIC)) == (ACC_PUBLIC | ACC_STATIC)
        && descriptor.startsWith("(Ljava/lang/String;")
        && descriptor.endsWith(RETURNS_CONNECTION);
  }

  /**
   * A class, not an interface, that does not declare itself {@code Serializable}: a field and an
   * interface would change the {@code serialVersionUID} the JVM computes for it. (One that
   * inherits {@code Serializable} is not looked for: that needs its superclasses loaded, and
   * nobody serializes a connection.) The bytes are always the class as written, never woven: a
   * retransformation is handed the class file as it was before any retransforming agent.
   */
  private static boolean canCarry(ClassReader reader) {
    return (reader.getAccess() & ACC_INTERFACE) == 0
        && !Arrays.asList(reader.getInterfaces()).contains("java/io/Serializable");
  }

  /** Neither abstract nor native: a method the weaver can weave. */
  private static boolean hasBody(int access) {
    return (access & (ACC_ABSTRACT | ACC_NATIVE)) == 0;
  }

  /** Whether the class has a {@code close()} with a body: the one the weaver weaves. */
  private static boolean declaresClose(ClassReader reader) {
    boolean[] found = {false};
    reader.accept(
        new ClassVisitor(ASM9) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            found[0] |= hasBody(access) && isClose(access, name, descriptor);
            return null;
          }
        },
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return found[0];
  }

  /** The carrier's field and its two accessors: straight-line code, no frames needed. */
  private static void addCarrierMembers(ClassVisitor out, String owner) {
    String object = "Ljava/lang/Object;";
    out.visitField(ACC_PRIVATE | ACC_TRANSIENT | ACC_SYNTHETIC, CARRIER_FIELD, object, null, null)
        .visitEnd();
    int accessor = ACC_PUBLIC | ACC_SYNTHETIC;
    MethodVisitor get = out.visitMethod(accessor, CARRIER_FIELD, "()" + object, null, null);
    get.visitCode();
    get.visitVarInsn(ALOAD, 0);
    get.visitFieldInsn(GETFIELD, owner, CARRIER_FIELD, object);
    get.visitInsn(ARETURN);
    get.visitMaxs(1, 1);
    get.visitEnd();
    MethodVisitor set = out.visitMethod(accessor, CARRIER_FIELD, "(" + object + ")V", null, null);
    set.visitCode();
    set.visitVarInsn(ALOAD, 0);
    set.visitVarInsn(ALOAD, 1);
    set.visitFieldInsn(PUTFIELD, owner, CARRIER_FIELD, object);
    set.visitInsn(RETURN);
    set.visitMaxs(2, 2);
    set.visitEnd();
  }

  /** A class loader's {@code loadClass(String)} or {@code loadClass(String, boolean)}. */
  private static boolean isLoadClass(int access, String name, String descriptor) {
    return name.equals("loadClass")
        && (access & ACC_STATIC) == 0
        && (descriptor.equals(LOAD_CLASS) || descriptor.equals(LOAD_CLASS_RESOLVE));
  }

  private static final String LOAD_CLASS = "(Ljava/lang/String;)Ljava/lang/Class;";
  private static final String LOAD_CLASS_RESOLVE = "(Ljava/lang/String;Z)Ljava/lang/Class;";

  /**
   * The bridge's package, the only one a woven loader delegates: its classes are on the bootstrap
   * class path, and woven code in any loader refers to them.
   */
  static final String BRIDGE_PACKAGE = "io.poolagent.bootstrap.";

  /**
   * First in a loader's {@code loadClass}: the bridge's package from the bootstrap loader, before
   * the loader's own delegation (JBoss Modules' module graph, an OSGi bundle's imports, a
   * child-first web-app loader) can refuse it. The JVM resolves a woven class's references
   * through {@code loadClass(String)} of the class's own loader, so this is what lets woven code
   * link in every loader without a user setting. Only JDK types are referenced: the loader needs
   * nothing it might not see. The OpenTelemetry Java agent makes loaders delegate its bootstrap
   * package the same way.
   */
  private static void weaveDelegation(MethodNode method, String owner, boolean frames) {
    LabelNode own = new LabelNode();
    InsnList first = new InsnList();
    first.add(new VarInsnNode(ALOAD, 1));
    first.add(new JumpInsnNode(IFNULL, own));
    first.add(new VarInsnNode(ALOAD, 1));
    first.add(new LdcInsnNode(BRIDGE_PACKAGE));
    first.add(
        new MethodInsnNode(
            INVOKEVIRTUAL, "java/lang/String", "startsWith", "(Ljava/lang/String;)Z", false));
    first.add(new JumpInsnNode(IFEQ, own));
    first.add(new VarInsnNode(ALOAD, 1));
    first.add(new InsnNode(ICONST_0));
    first.add(new InsnNode(ACONST_NULL));
    first.add(
        new MethodInsnNode(
            INVOKESTATIC,
            "java/lang/Class",
            "forName",
            "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;",
            false));
    first.add(new InsnNode(ARETURN));
    first.add(own);
    // A frame the method already has at its start describes the same locals as the entry (the
    // entry falls through to it): it serves the jumps here too, and a second frame at one offset
    // is not allowed.
    if (frames && !startsWithFrame(method)) {
      Object[] locals =
          method.desc.equals(LOAD_CLASS_RESOLVE)
              ? new Object[] {owner, "java/lang/String", INTEGER}
              : new Object[] {owner, "java/lang/String"};
      first.add(new FrameNode(F_NEW, locals.length, locals, 0, new Object[0]));
    }
    method.instructions.insert(first);
  }

  private static boolean startsWithFrame(MethodNode method) {
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof FrameNode) {
        return true;
      }
      if (!(insn instanceof LabelNode) && !(insn instanceof LineNumberNode)) {
        return false;
      }
    }
    return false;
  }

  private static boolean isClose(int access, String name, String descriptor) {
    return name.equals("close") && descriptor.equals("()V") && (access & ACC_STATIC) == 0;
  }

  /**
   * The pool's method that ends a borrow without {@code close()} ({@link JdbcTypes#EVICTING}):
   * an instance method whose one argument is the connection.
   */
  private static boolean isEvict(String owner, int access, String name, String descriptor) {
    return name.equals(JdbcTypes.evictingMethod(owner))
        && descriptor.startsWith("(L" + CONNECTION + ";)")
        && (access & ACC_STATIC) == 0;
  }

  /** HikariCP's {@code newConnection} (no arguments before 7, a boolean since). */
  private static boolean isHikariConnect(int access, String name, String descriptor) {
    return name.equals("newConnection")
        && descriptor.endsWith(RETURNS_CONNECTION)
        && (access & ACC_STATIC) == 0;
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

  /**
   * First in the method: ask the managed pool. The arguments the bridge gets follow the method's
   * own: a DataSource's {@code (user, password)}, {@code DriverManager}'s {@code (url)}, {@code
   * (url, info)} or {@code (url, user, password)}. Only for methods declared to return exactly
   * {@code Connection}: a covariant one could not return the managed pool's connection.
   */
  private static void weaveRoute(MethodNode method, String owner, boolean frames) {
    boolean isStatic = (method.access & ACC_STATIC) != 0;
    Type[] arguments = Type.getArgumentTypes(method.desc);
    int first = isStatic ? 1 : 0; // DriverManager's URL: argument 0, the source itself
    InsnList routing = new InsnList();
    routing.add(new VarInsnNode(ALOAD, 0));
    boolean withInfo =
        arguments.length == 2 && arguments[1].getDescriptor().equals("Ljava/util/Properties;");
    routing.add(withInfo ? new VarInsnNode(ALOAD, 1) : new InsnNode(ACONST_NULL));
    boolean withCredentials = arguments.length - first == 2 && !withInfo;
    // Slots 1 and 2 either way: after `this`, or after DriverManager's URL.
    routing.add(withCredentials ? new VarInsnNode(ALOAD, 1) : new InsnNode(ACONST_NULL));
    routing.add(withCredentials ? new VarInsnNode(ALOAD, 2) : new InsnNode(ACONST_NULL));
    routing.add(new MethodInsnNode(INVOKESTATIC, BRIDGE, "route", ROUTE, false));
    routing.add(new InsnNode(DUP));
    LabelNode unrouted = new LabelNode();
    routing.add(new JumpInsnNode(IFNULL, unrouted));
    routing.add(new TypeInsnNode(CHECKCAST, CONNECTION));
    routing.add(new InsnNode(ARETURN));
    routing.add(unrouted);
    if (frames) {
      List<Object> locals = new ArrayList<>();
      if (!isStatic) {
        locals.add(owner);
      }
      for (Type argument : arguments) {
        locals.add(argument.getInternalName());
      }
      routing.add(
          new FrameNode(
              F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Object"}));
    }
    routing.add(new InsnNode(POP));
    method.instructions.insert(routing);
  }

  private static void weaveClose(MethodNode method) {
    InsnList prologue = new InsnList();
    prologue.add(new VarInsnNode(ALOAD, 0));
    prologue.add(new MethodInsnNode(INVOKESTATIC, BRIDGE, "closing", "(Ljava/lang/Object;)V", false));
    method.instructions.insert(prologue);
  }

  /**
   * First, as for {@code close()}: the lease ends when the application hands the connection back,
   * whatever the pool's method then does or throws (a close that throws has ended its lease too).
   * Straight-line code before the method's first instruction: no frame changes.
   */
  private static void weaveEvict(MethodNode method) {
    InsnList prologue = new InsnList();
    prologue.add(new VarInsnNode(ALOAD, 1));
    prologue.add(
        new MethodInsnNode(INVOKESTATIC, BRIDGE, "evicting", "(Ljava/lang/Object;)V", false));
    method.instructions.insert(prologue);
  }

  /** Times each successful physical connect; a failed one is no connection created. */
  private static void weaveConnectTiming(String owner, MethodNode method, boolean frames) {
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
      exit.add(new FieldInsnNode(GETFIELD, owner, "poolName", "Ljava/lang/String;"));
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
