package io.poolagent.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StackCaptureTest {

  private static StackTraceElement frame(String className, String method, String file, int line) {
    return new StackTraceElement(className, method, file, line);
  }

  @Test
  void callSiteIsTheFirstApplicationFrameUnderDriverPoolAndFrameworkFrames() {
    StackTraceElement[] stack = {
      frame("org.h2.jdbcx.JdbcDataSource", "getConnection", "JdbcDataSource.java", 113),
      frame("com.zaxxer.hikari.pool.HikariPool", "getConnection", "HikariPool.java", 181),
      frame("com.zaxxer.hikari.HikariDataSource", "getConnection", "HikariDataSource.java", 100),
      frame(
          "org.springframework.jdbc.datasource.DataSourceUtils",
          "fetchConnection",
          "DataSourceUtils.java",
          160),
      frame("org.hibernate.internal.SessionImpl", "connection", "SessionImpl.java", 510),
      frame(
          "jdk.internal.reflect.DirectMethodHandleAccessor",
          "invoke",
          "DirectMethodHandleAccessor.java",
          103),
      frame("java.lang.reflect.Method", "invoke", "Method.java", 580),
      frame("com.example.shop.OrderService$$SpringCGLIB$$0", "placeOrder", null, -1),
      frame("com.example.shop.OrderService", "placeOrder", "OrderService.java", 42),
      frame("com.example.shop.OrderController", "post", "OrderController.java", 17)
    };

    assertThat(StackCapture.callSite(stack))
        .isEqualTo("com.example.shop.OrderService.placeOrder(OrderService.java:42)");
  }

  @Test
  void testAppScenariosAreApplicationCode() {
    StackTraceElement[] stack = {
      frame("java.sql.DriverManager", "getConnection", "DriverManager.java", 681),
      frame("io.poolagent.testapp.scenarios.LeakInMethod", "run", "LeakInMethod.java", 23)
    };

    assertThat(StackCapture.callSite(stack))
        .isEqualTo("io.poolagent.testapp.scenarios.LeakInMethod.run(LeakInMethod.java:23)");
  }

  @Test
  void aStackOfOnlyInfrastructureHasAnUnknownCallSite() {
    StackTraceElement[] stack = {
      frame("com.zaxxer.hikari.pool.HikariPool", "getConnection", "HikariPool.java", 181),
      frame("java.lang.Thread", "run", "Thread.java", 840)
    };

    assertThat(StackCapture.callSite(stack)).isEqualTo("unknown");
    assertThat(StackCapture.callSite(new StackTraceElement[0])).isEqualTo("unknown");
  }

  /**
   * The stack a Spring Boot 4 user reported, of a controller in Spring's sample namespace: the
   * controller's line, not Tomcat's filter chain under it.
   */
  @Test
  void aControllerInSpringsSampleNamespaceIsTheCallSite() {
    StackTraceElement[] stack = springMvcStack(true);

    assertThat(StackCapture.callSite(stack))
        .isEqualTo(
            "org.springframework.samples.petclinic.owner.OwnerController.showOwner"
                + "(OwnerController.java:167)");
  }

  /** Borrowed by Spring itself, in a request: only hosts under it, so no call site. */
  @Test
  void aStackWithOnlyHostFramesUnderTheFrameworksHasAnUnknownCallSite() {
    assertThat(StackCapture.callSite(springMvcStack(false))).isEqualTo("unknown");
  }

  @Test
  void aTestInAPoolsOwnPackageIsTheCallSiteNotTheTestRunner() {
    StackTraceElement[] stack = {
      frame("com.zaxxer.hikari.pool.HikariPool", "getConnection", "HikariPool.java", 162),
      frame("com.zaxxer.hikari.HikariDataSource", "getConnection", "HikariDataSource.java", 100),
      frame("com.zaxxer.hikari.pool.TestConnections", "testCreate", "TestConnections.java", 85),
      frame("java.lang.reflect.Method", "invoke", "Method.java", 580),
      frame("org.junit.runners.model.FrameworkMethod$1", "runReflectiveCall", null, 59),
      frame("org.junit.runners.ParentRunner", "run", "ParentRunner.java", 413),
      frame("org.apache.maven.surefire.booter.ForkedBooter", "main", "ForkedBooter.java", 507)
    };

    assertThat(StackCapture.callSite(stack))
        .isEqualTo("com.zaxxer.hikari.pool.TestConnections.testCreate(TestConnections.java:85)");
    assertThat(StackCapture.callSite(Arrays.copyOfRange(stack, 0, 2))).isEqualTo("unknown");
    assertThat(
            StackCapture.callSite(
                new StackTraceElement[] {stack[0], stack[1], stack[3], stack[4], stack[5]}))
        .as("a test runner's frame is no call site")
        .isEqualTo("unknown");
  }

  private static StackTraceElement[] springMvcStack(boolean withController) {
    List<StackTraceElement> frames =
        new ArrayList<>(
            List.of(
                frame("com.zaxxer.hikari.HikariDataSource", "getConnection", null, 100),
                frame(
                    "org.springframework.jdbc.datasource.DataSourceUtils",
                    "fetchConnection",
                    null,
                    160),
                frame("org.springframework.jdbc.core.JdbcTemplate", "execute", null, 376)));
    if (withController) {
      frames.add(
          frame(
              "org.springframework.samples.petclinic.owner.OwnerController",
              "showOwner",
              "OwnerController.java",
              167));
    }
    frames.addAll(
        List.of(
            frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null, 103),
            frame("java.lang.reflect.Method", "invoke", "Method.java", 580),
            frame(
                "org.springframework.web.method.support.InvocableHandlerMethod",
                "doInvoke",
                null,
                258),
            frame("org.springframework.web.servlet.DispatcherServlet", "doDispatch", null, 1089),
            frame("jakarta.servlet.http.HttpServlet", "service", null, 658),
            frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter", null, 128),
            frame("org.springframework.web.filter.OncePerRequestFilter", "doFilter", null, 116),
            frame("org.apache.catalina.core.StandardWrapperValve", "invoke", null, 167),
            frame("org.apache.coyote.http11.Http11Processor", "service", null, 399),
            frame("org.apache.tomcat.util.net.NioEndpoint$SocketProcessor", "doRun", null, 1769),
            frame("java.lang.Thread", "run", "Thread.java", 1583)));
    return frames.toArray(new StackTraceElement[0]);
  }

  @Test
  void formatLeavesOutClassLoaderAndModule() {
    StackTraceElement element =
        new StackTraceElement(
            "app",
            "com.example.shop",
            "1.2",
            "com.example.shop.OrderService",
            "placeOrder",
            "OrderService.java",
            42);

    assertThat(element.toString()).startsWith("app/com.example.shop@1.2/");
    assertThat(StackCapture.format(element))
        .isEqualTo("com.example.shop.OrderService.placeOrder(OrderService.java:42)");
  }

  @Test
  void formatOfANativeMethod() {
    StackTraceElement element = frame("com.example.shop.Native", "read", null, -2);

    assertThat(element.isNativeMethod()).isTrue();
    assertThat(StackCapture.format(element))
        .isEqualTo("com.example.shop.Native.read(Native Method)");
  }

  @Test
  void formatWithoutSourceFile() {
    assertThat(StackCapture.format(frame("com.example.shop.Gen", "run", null, -1)))
        .isEqualTo("com.example.shop.Gen.run(Unknown Source)");
    assertThat(StackCapture.format(frame("com.example.shop.Gen", "run", null, 12)))
        .isEqualTo("com.example.shop.Gen.run(Unknown Source)");
  }

  @Test
  void formatWithSourceFileButNoLine() {
    assertThat(StackCapture.format(frame("com.example.shop.Gen", "run", "Gen.java", -1)))
        .isEqualTo("com.example.shop.Gen.run(Gen.java)");
  }

  @Test
  void formatMatchesTheJdkForPlainFrames() {
    StackTraceElement element =
        frame("com.example.shop.OrderService", "find", "OrderService.java", 7);

    assertThat(StackCapture.format(element)).isEqualTo(element.toString());
  }

  @Test
  void captureStartsAtTheApplicationFrame() {
    Object captured = captureFromApp(new StackCapture(64, 1.0));

    StackTraceElement[] stack = StackCapture.materialize(captured);

    assertThat(stack).isNotEmpty();
    assertThat(StackCapture.format(stack[0])).isEqualTo(AppCode.CALL_SITE);
    assertThat(StackCapture.callSite(stack)).isEqualTo(AppCode.CALL_SITE);
  }

  @Test
  void captureKeepsAtMostStackDepthFrames() {
    StackTraceElement[] stack = StackCapture.materialize(captureFromApp(new StackCapture(2, 1.0)));

    assertThat(stack).hasSize(2);
    assertThat(StackCapture.format(stack[0])).isEqualTo(AppCode.CALL_SITE);
  }

  @Test
  void captureNeverKeepsTheAgentsOwnFramesAtTheTop() {
    StackTraceElement[] stack = StackCapture.materialize(new StackCapture(64, 1.0).capture(0));

    assertThat(stack).isNotEmpty();
    assertThat(Frames.isAgent(stack[0].getClassName())).isFalse();
  }

  @Test
  void sampleRateZeroCapturesNothing() {
    StackCapture none = new StackCapture(64, 0.0);

    Object captured = captureFromApp(none);

    assertThat(captured).isNull();
    assertThat(StackCapture.materialize(captured)).isEmpty();
    assertThat(StackCapture.callSite(StackCapture.materialize(captured))).isEqualTo("unknown");
  }

  @Test
  void sampleRateBetweenZeroAndOneCapturesSomeBorrows() {
    StackCapture half = new StackCapture(8, 0.5);
    List<Object> captures = new ArrayList<>();

    for (int i = 0; i < 1000; i++) {
      captures.add(half.capture(0));
    }

    // With a rate of 0.5, 1000 borrows all on one side has a probability of 2^-999.
    assertThat(captures).containsNull();
    assertThat(captures).anySatisfy(c -> assertThat(c).isNotNull());
  }

  @Test
  void materializeOfSomethingElseIsEmpty() {
    assertThat(StackCapture.materialize("not a stack")).isEmpty();
    assertThat(Arrays.asList(StackCapture.materialize(null))).isEmpty();
  }

  private static Object captureFromApp(StackCapture capture) {
    AtomicReference<Object> captured = new AtomicReference<>();
    AppCode.run(() -> captured.set(capture.capture(0)));
    return captured.get();
  }
}
