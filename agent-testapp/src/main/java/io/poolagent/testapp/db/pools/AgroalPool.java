package io.poolagent.testapp.db.pools;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Agroal (Quarkus's and WildFly's pool). Its API has no pool name, so the agent names it. */
public final class AgroalPool implements Pool {

  @Override
  public DataSource start(PoolSettings settings) throws SQLException {
    AgroalDataSourceConfigurationSupplier config =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(settings.maxSize())
                        .acquisitionTimeout(settings.borrowTimeout())
                        .connectionFactoryConfiguration(
                            factory ->
                                factory
                                    .jdbcUrl(settings.url())
                                    .connectionProviderClassName(settings.db().driverClassName())
                                    .principal(new NamePrincipal(settings.user()))
                                    .credential(new SimplePassword(settings.password()))));
    return AgroalDataSource.from(config);
  }
}
