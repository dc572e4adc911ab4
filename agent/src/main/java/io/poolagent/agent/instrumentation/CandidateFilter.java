package io.poolagent.agent.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/**
 * Sits in front of Byte Buddy's transformer and passes it only {@link JdbcTypes} candidates. An
 * application loads thousands of classes; a handful implement JDBC. Without this, each of them
 * costs a full Byte Buddy type description, which added seconds to the start of a service.
 */
final class CandidateFilter implements ClassFileTransformer {

  private final ClassFileTransformer delegate;

  CandidateFilter(ClassFileTransformer delegate) {
    this.delegate = delegate;
    // Load the filter's own classes now: loading them later, from inside transform(), would
    // re-enter this transformer for their own definition.
    JdbcTypes.isCandidate(null, "io/poolagent/Warmup", WARM_UP_CLASS);
  }

  /** The smallest valid class file header: no constants, {@code java/lang/Object} not needed. */
  private static final byte[] WARM_UP_CLASS = {
    (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 1, 0, 0x21, 0, 0, 0, 0, 0, 0
  };

  /** The JVM calls only this variant (Java 9+); the module-less one is never needed here. */
  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    if (!isCandidate(loader, className, classBeingRedefined, classfileBuffer)) {
      return null;
    }
    return delegate.transform(
        module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  private static boolean isCandidate(
      ClassLoader loader, String className, Class<?> redefined, byte[] classFile) {
    if (className == null
        || className.startsWith("io/poolagent/")
        || className.startsWith("io/opentelemetry/javaagent/")) {
      // Hidden classes (lambdas), this agent's and the OpenTelemetry agent's machinery: never
      // JDBC implementations.
      return false;
    }
    return redefined != null
        ? JdbcTypes.isCandidate(redefined)
        : JdbcTypes.isCandidate(loader, className, classFile);
  }
}
