package io.poolagent.testapp.db;

/** How the app obtains connections: each path is instrumented differently by the agent. */
public enum Via {
  /** {@code DriverManager.getConnection(url, props)}, called by the leaking code itself. */
  DRIVER_MANAGER("drivermanager"),
  /** The driver's own DataSource, which opens a physical connection on every call. */
  DATA_SOURCE("datasource"),
  /** A HikariCP pool named {@code testapp-hikari}. */
  HIKARI("hikari");

  private final String optionValue;

  Via(String optionValue) {
    this.optionValue = optionValue;
  }

  public String optionValue() {
    return optionValue;
  }
}
