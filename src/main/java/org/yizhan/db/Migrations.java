package org.yizhan.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the migrations in {@code sql/} (on the classpath as {@code db/migration}) over JDBC, at start-up only. */
public final class Migrations {
    private Migrations() {}

    /** Blocks until the schema is current; returns how many migrations ran. */
    public static int migrate(DatabaseTarget db) {
        MigrateResult result = Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
