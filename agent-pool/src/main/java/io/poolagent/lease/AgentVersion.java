package io.poolagent.lease;

/** The agent's version, from the jar manifest's {@code Implementation-Version}. */
public final class AgentVersion {

  private AgentVersion() {}

  public static String get() {
    String version = AgentVersion.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }
}
