package skeleton.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The worker's one database: where {@code consumer_configs} lives and where in-flight groups are kept. Chosen by
 * {@code DB_URL} (any of H2, MySQL/MariaDB, PostgreSQL), else {@code DB_HOST}... (MySQL/MariaDB), else the embedded
 * H2 of dev mode.
 */
public final class Database implements AutoCloseable {

    /** The SQL dialects we keep DDL for, under {@code src/main/resources/db/<dialect>/}. */
    public enum Dialect {
        H2, MYSQL, POSTGRESQL;

        static Dialect of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
                return MYSQL;
            }
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new ConfigException("The worker cannot start", List.of("DB_URL \"" + jdbcUrl
                    + "\" is not an H2 (jdbc:h2:), MySQL/MariaDB (jdbc:mysql:) or PostgreSQL (jdbc:postgresql:) URL"));
        }

        String folder() {
            return name().toLowerCase();
        }
    }

    /** H2's error code for a statement only an admin may run. */
    private static final int H2_ADMIN_RIGHTS_REQUIRED = 90040;

    private final String url;
    private final Dialect dialect;
    private final HikariDataSource dataSource;

    private Database(String url, HikariDataSource dataSource) {
        this.url = url;
        this.dialect = Dialect.of(url);
        this.dataSource = dataSource;
    }

    /** The JDBC URL the settings point at: DB_URL, else MySQL/MariaDB at DB_HOST, else the dev H2 file. */
    public static String urlOf(WorkerSettings s) {
        if (s.dbUrl().isPresent()) {
            return s.dbUrl().get();
        }
        if (s.dbHost().isPresent()) {
            return "jdbc:mysql://" + s.dbHost().get() + ":" + s.dbPort() + "/" + s.dbName();
        }
        return "jdbc:h2:file:" + s.dataDir().toAbsolutePath().resolve("skeleton") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Opens a pool and checks that the database answers; a clear message if it does not. */
    public static Database open(String url, String user, String password, int poolSize) {
        Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withoutCloseOnExit(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("skeleton-db");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        // a poll's writes go as one batch: sent as multi-row statements, not a round trip per row
        switch (Dialect.of(url)) {
            case MYSQL -> config.addDataSourceProperty("rewriteBatchedStatements", "true");
            case POSTGRESQL -> {
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
                // every statement planned with its own values: a plan the server cached while a join table was
                // nearly empty scanned the whole table once it had grown (reads of a poll's ids 100 times slower);
                // in the URL: given as a data-source property, the driver did not apply it
                if (!url.contains("prepareThreshold=")) {
                    config.setJdbcUrl(config.getJdbcUrl() + (url.contains("?") ? "&" : "?") + "prepareThreshold=0");
                }
            }
            case H2 -> { }
        }
        HikariDataSource ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            ds.close();
            throw new ConfigException("The worker cannot start", List.of("cannot reach the database at " + url + " as user \""
                    + user + "\": " + e.getMessage() + " (check DB_URL or DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD)"));
        }
        if (Dialect.of(url) == Dialect.H2) {
            try {
                makeH2CommitsDurable(ds, url, user);
            } catch (RuntimeException e) {
                ds.close();
                throw e;
            }
        }
        return new Database(url, ds);
    }

    /**
     * An H2 URL that leaves closing the database to the worker: H2 otherwise closes it from its own shutdown hook, under
     * the poll a graceful stop is still finishing. Kept as it is with an explicit {@code DB_CLOSE_ON_EXIT}, and with
     * {@code AUTO_SERVER}, which H2 does not combine with it (there a graceful stop may read its last poll again).
     */
    static String withoutCloseOnExit(String url) {
        String upper = url.toUpperCase();
        return url.startsWith("jdbc:h2:") && !upper.contains("DB_CLOSE_ON_EXIT") && !upper.contains("AUTO_SERVER=TRUE")
                ? url + ";DB_CLOSE_ON_EXIT=FALSE" : url;
    }

    /**
     * Makes H2 write each commit to its file before the commit returns. The setting is the database's (persistent) and
     * only an admin may change it: a non-admin user is accepted only on a database where an admin already set it.
     */
    private static void makeH2CommitsDurable(HikariDataSource ds, String url, String user) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try {
                // H2 writes commits to the file WRITE_DELAY ms later (500 by default): a crash would lose stored parts whose offsets are committed
                st.execute("SET WRITE_DELAY 0");
            } catch (SQLException e) {
                if (e.getErrorCode() != H2_ADMIN_RIGHTS_REQUIRED) {
                    throw e;
                }
                try (ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                    String delay = rs.next() ? rs.getString(1) : "unknown";
                    if (!"0".equals(delay)) {
                        throw new ConfigException("The worker cannot start", List.of("H2 user \"" + user + "\" is not an admin of " + url
                                + ", whose commits reach the file only " + delay + " ms later (WRITE_DELAY), so a crash would lose"
                                + " stored parts: run SET WRITE_DELAY 0 once as an admin (it persists), or connect as one"));
                    }
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("The worker cannot start", List.of("cannot set WRITE_DELAY 0 on the H2 database at " + url
                    + " as user \"" + user + "\": " + e.getMessage()));
        }
    }

    /** Grows or shrinks the pool once the number of workers and consumer threads is known. */
    public void resizePool(int size) {
        dataSource.getHikariConfigMXBean().setMaximumPoolSize(size);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    /** Runs one DDL script of this dialect from {@code db/<dialect>/<name>.sql}, with {@code ${...}} filled in. */
    public void runScript(String name, Map<String, String> vars) {
        String resource = "db/" + dialect.folder() + "/" + name + ".sql";
        String sql;
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " in the jar");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, String> v : vars.entrySet()) {
            sql = sql.replace("${" + v.getKey() + "}", v.getValue());
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            String code = String.join("\n", sql.lines().filter(l -> !l.strip().startsWith("--")).toList());
            for (String statement : code.split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement.strip());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("running " + resource + " on " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
