package io.poolagent.otel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallSitePartsTest {

  @Test
  void splitsFunctionFileAndLine() {
    assertThat(CallSiteParts.parse("com.acme.Repo.find(Repo.java:42)"))
        .isEqualTo(new CallSiteParts("com.acme.Repo.find", "Repo.java", 42));
  }

  @Test
  void unknownSourceHasAFunctionButNoFileOrLine() {
    assertThat(CallSiteParts.parse("com.acme.Repo.find(Unknown Source)"))
        .isEqualTo(new CallSiteParts("com.acme.Repo.find", null, -1));
  }

  @Test
  void nativeMethodHasAFunctionButNoFileOrLine() {
    assertThat(CallSiteParts.parse("java.net.SocketInputStream.socketRead0(Native Method)"))
        .isEqualTo(new CallSiteParts("java.net.SocketInputStream.socketRead0", null, -1));
  }

  @Test
  void fileWithoutLineKeepsTheFile() {
    assertThat(CallSiteParts.parse("com.acme.Repo.find(Repo.java)"))
        .isEqualTo(new CallSiteParts("com.acme.Repo.find", "Repo.java", -1));
  }

  @Test
  void unknownCallSiteHasNoParts() {
    assertThat(CallSiteParts.parse("unknown")).isEqualTo(new CallSiteParts(null, null, -1));
  }

  @Test
  void lambdaKeepsItsSyntheticMethodName() {
    assertThat(CallSiteParts.parse("com.acme.Job.lambda$run$0(Job.java:7)"))
        .isEqualTo(new CallSiteParts("com.acme.Job.lambda$run$0", "Job.java", 7));
  }

  @Test
  void nestedClassKeepsTheDollarInTheFunction() {
    assertThat(CallSiteParts.parse("com.acme.Repo$Query.run(Repo.java:120)"))
        .isEqualTo(new CallSiteParts("com.acme.Repo$Query.run", "Repo.java", 120));
  }

  @Test
  void lineThatIsNotANumberIsLeftOut() {
    assertThat(CallSiteParts.parse("com.acme.Repo.find(Repo.java:x)"))
        .isEqualTo(new CallSiteParts("com.acme.Repo.find", "Repo.java", -1));
  }

  @Test
  void missingClosingParenthesisHasNoParts() {
    assertThat(CallSiteParts.parse("com.acme.Repo.find(Repo.java:42"))
        .isEqualTo(new CallSiteParts(null, null, -1));
  }
}
