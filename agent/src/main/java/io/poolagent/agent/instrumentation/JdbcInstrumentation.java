package io.poolagent.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.poolagent.bootstrap.PoolAgentBridge;
import io.poolagent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.sql.Connection;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The three instrumentations: {@code DataSource.getConnection}, {@code DriverManager.getConnection}
 * and {@code Connection.close}, in any class loader, including classes loaded before the agent
 * (retransformed), and in the {@link PoolBaseClasses} those methods are inherited from; plus
 * HikariCP's physical connect, timed for its create-time metric.
 */
public final class JdbcInstrumentation {

  private JdbcInstrumentation() {}

  public static void install(Instrumentation inst) {
    // The agent inlines advice and never injects classes, so its Byte Buddy needs no Unsafe;
    // without this, Java 24+ warns about sun.misc.Unsafe on the application's stderr. The name is
    // the relocated package's, so an application's own Byte Buddy (Hibernate's) is not affected.
    String safeMode = ByteBuddy.class.getPackageName() + ".safe";
    if (System.getProperty(safeMode) == null) {
      System.setProperty(safeMode, "true");
    }
    ElementMatcher.Junction<MethodDescription> getConnection =
        named("getConnection")
            .and(not(isAbstract()))
            // Subtypes too: a covariant getConnection() is called directly by code that holds the
            // concrete DataSource type, bypassing the bridge method that returns Connection.
            .and(returns(isSubTypeOf(Connection.class)))
            .and(
                takesArguments(0)
                    .or(
                        takesArguments(2)
                            .and(takesArgument(0, String.class))
                            .and(takesArgument(1, String.class))));

    ClassFileTransformer transformer =
        new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
        // Loaded classes are described from their Class objects (no class file read); class files
        // parsed to match new classes are cached per class loader, so a super type is read once.
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(new ConcurrentHashMap<>()))
        .with(new FailureLog())
        // Classes in java.sql (DriverManager) must be able to read the bridge's (unnamed) module.
        .assureReadEdgeTo(inst, PoolAgentBridge.class)
        .ignore(
            isSynthetic()
                .or(nameStartsWith("io.poolagent.agent."))
                .or(nameStartsWith("io.poolagent.bootstrap."))
                .or(nameStartsWith("io.poolagent.lease."))
                .or(nameStartsWith("io.poolagent.shaded."))
                .or(nameStartsWith("net.bytebuddy."))
                .or(nameStartsWith("jdk.internal."))
                .or(nameStartsWith("sun."))
                .or(nameStartsWith("java.").and(not(named("java.sql.DriverManager")))))
        // CommonDataSource, not DataSource: drivers put getConnection in a base class that is no
        // DataSource itself (PostgreSQL's BaseDataSource), and PGSimpleDataSource inherits it.
        .type(
            not(isInterface())
                .and(
                    hasSuperType(named("javax.sql.CommonDataSource"))
                        .or(namedOneOf(PoolBaseClasses.DECLARING_GET_CONNECTION.toArray(new String[0])))))
        .transform(
            (builder, type, loader, module, domain) ->
                builder.visit(Advice.to(GetConnectionAdvice.class).on(getConnection)))
        .type(named("java.sql.DriverManager"))
        .transform(
            (builder, type, loader, module, domain) ->
                builder.visit(
                    Advice.to(DriverManagerAdvice.class)
                        .on(
                            named("getConnection")
                                .and(isPublic())
                                .and(isStatic())
                                .and(takesArgument(0, String.class)))))
        .type(named(JdbcTypes.HIKARI_POOL_BASE.replace('/', '.')))
        .transform(
            (builder, type, loader, module, domain) ->
                builder.visit(
                    Advice.to(HikariConnectAdvice.class)
                        .on(named("newConnection").and(returns(named("java.sql.Connection"))))))
        .type(
            not(isInterface())
                .and(
                    hasSuperType(named("java.sql.Connection"))
                        .or(namedOneOf(PoolBaseClasses.DECLARING_CLOSE.toArray(new String[0])))))
        .transform(
            (builder, type, loader, module, domain) ->
                builder.visit(
                    Advice.to(CloseAdvice.class)
                        .on(named("close").and(takesArguments(0)).and(not(isAbstract())))))
        .makeRaw();
    inst.addTransformer(new CandidateFilter(transformer), true);
    retransformLoaded(inst);
  }

  /**
   * Classes loaded before the agent (a pool started by an earlier agent, {@code DriverManager},
   * anything loaded before {@code attach}) are retransformed. Asking the JVM which loaded classes
   * are JDBC types is exact and cheap; each is retransformed on its own so one class that cannot
   * be changed does not stop the others.
   */
  private static void retransformLoaded(Instrumentation inst) {
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (inst.isModifiableClass(type) && JdbcTypes.isCandidate(type)) {
        try {
          inst.retransformClasses(type);
        } catch (Throwable t) {
          AgentLog.debug("could not retransform " + type.getName() + ": " + t);
        }
      }
    }
  }

  /** A class we cannot instrument is logged (at debug) and left as it is; the app runs on. */
  private static final class FailureLog extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      AgentLog.debug("could not instrument " + typeName + ": " + error);
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        net.bytebuddy.dynamic.DynamicType dynamicType) {
      AgentLog.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
    }
  }

}
