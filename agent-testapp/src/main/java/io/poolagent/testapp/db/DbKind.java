package io.poolagent.testapp.db;

import java.util.Arrays;
import java.util.Optional;

/** The databases the app knows, with the local defaults the integration tests rely on. */
public enum DbKind {
  H2("h2", "jdbc:h2:mem:testapp;DB_CLOSE_DELAY=-1", "sa", "jdbc:h2:", "org.h2.Driver"),
  POSTGRES(
      "postgres",
      "jdbc:postgresql://127.0.0.1:5432/test",
      "postgres",
      "jdbc:postgresql:",
      "org.postgresql.Driver"),
  MARIADB(
      "mariadb",
      "jdbc:mariadb://127.0.0.1:3306/test",
      "root",
      "jdbc:mariadb:",
      "org.mariadb.jdbc.Driver");

  private final String optionValue;
  private final String defaultUrl;
  private final String defaultUser;
  private final String urlPrefix;
  private final String driverClassName;

  DbKind(
      String optionValue,
      String defaultUrl,
      String defaultUser,
      String urlPrefix,
      String driverClassName) {
    this.optionValue = optionValue;
    this.defaultUrl = defaultUrl;
    this.defaultUser = defaultUser;
    this.urlPrefix = urlPrefix;
    this.driverClassName = driverClassName;
  }

  public String optionValue() {
    return optionValue;
  }

  public String defaultUrl() {
    return defaultUrl;
  }

  public String defaultUser() {
    return defaultUser;
  }

  /** The JDBC driver, which pools are given as users give it (most of them need it named). */
  public String driverClassName() {
    return driverClassName;
  }

  public String defaultPassword() {
    return "";
  }

  public static Optional<DbKind> fromUrl(String url) {
    return Arrays.stream(values()).filter(kind -> url.startsWith(kind.urlPrefix)).findFirst();
  }
}
