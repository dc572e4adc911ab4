package io.poolagent.frameworks.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway at a service's startup: the migrations under {@code db/frameworks-flyway} into a schema of
 * their own ({@code frameworks_flyway}, dropped by the test before each run), then a query of the
 * migrated table. Flyway is given the URL, so it connects through its own DataSource, as its
 * command line and most plain programs do.
 */
public final class MigrationApp {

  static final String SCHEMA = "frameworks_flyway";

  private MigrationApp() {}

  public static void main(String[] args) throws Exception {
    Flyway flyway =
        Flyway.configure()
            .dataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")
            .schemas(SCHEMA)
            .createSchemas(true)
            .locations("classpath:db/frameworks-flyway")
            .load();
    MigrateResult result = flyway.migrate();
    System.out.println("migrations executed: " + result.migrationsExecuted);
    System.out.println("schema version: " + result.targetSchemaVersion);
    for (MigrationInfo info : flyway.info().applied()) {
      // Flyway records the schema's creation too, without a version: not a migration.
      if (info.getVersion() != null) {
        System.out.println(
            "  applied " + info.getVersion() + " " + info.getDescription() + ": "
                + info.getState());
      }
    }
    try (Connection conn = flyway.getConfiguration().getDataSource().getConnection();
        Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery("select title, rating from " + SCHEMA + ".book order by title")) {
      while (rs.next()) {
        System.out.println("  book " + rs.getString(1) + " rated " + rs.getInt(2));
      }
    }
    System.out.println("migration done");
  }
}
