package io.poolagent.testapp.db;

import java.util.Arrays;
import java.util.Optional;

/** The databases the app knows, with the local defaults the integration tests rely on. */
public enum DbKind {
  H2("h2", "jdbc:h2:mem:testapp;DB_CLOSE_DELAY=-1", "sa", "jdbc:h2:"),
  POSTGRES("postgres", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "jdbc:postgresql:"),
  MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root", "jdbc:mariadb:");

  private final String optionValue;
  private final String defaultUrl;
  private final String defaultUser;
  private final String urlPrefix;

  DbKind(String optionValue, String defaultUrl, String defaultUser, String urlPrefix) {
    this.optionValue = optionValue;
    this.defaultUrl = defaultUrl;
    this.defaultUser = defaultUser;
    this.urlPrefix = urlPrefix;
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

  public String defaultPassword() {
    return "";
  }

  public static Optional<DbKind> fromUrl(String url) {
    return Arrays.stream(values()).filter(kind -> url.startsWith(kind.urlPrefix)).findFirst();
  }
}
