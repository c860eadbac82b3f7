package skeleton.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A real database the integration tests run against. Which ones: the system property {@code test.databases} (set by
 * the pom from {@code -Dtest.databases=...}) or the environment variable {@code TEST_DATABASES}; default all three.
 * A selected database that is down fails the test with the command that starts it; it never skips.
 */
public record TestDatabase(String name, String url, String user, String password) {

    public static final List<String> ALL = List.of("h2", "mariadb", "postgresql");

    public static List<TestDatabase> selected() {
        String env = System.getenv("TEST_DATABASES");
        String raw = env != null && !env.isBlank() ? env : System.getProperty("test.databases", String.join(",", ALL));
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(TestDatabase::of).toList();
    }

    /** The first selected server database (MariaDB or PostgreSQL), for tests that need one other processes share; none if none. */
    public static List<TestDatabase> firstServer() {
        return selected().stream().filter(d -> !d.name().equals("h2")).limit(1).toList();
    }

    public static TestDatabase of(String name) {
        return switch (name) {
            case "h2" -> new TestDatabase("h2", "jdbc:h2:file:" + Path.of("target", "it-h2", UUID.randomUUID().toString())
                    .toAbsolutePath() + ";AUTO_SERVER=TRUE", "sa", "");
            case "mariadb" -> new TestDatabase("mariadb", "jdbc:mysql://127.0.0.1:3306/test", "root", "");
            case "postgresql" -> new TestDatabase("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "root", "");
            default -> throw new IllegalArgumentException("test.databases/TEST_DATABASES names \"" + name
                    + "\"; known: " + ALL);
        };
    }

    /** Opens a connection, or fails with how to start the server. */
    public Connection connect() {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            String start = switch (name) {
                case "mariadb" -> "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd";
                case "postgresql" -> "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
                default -> "check the H2 URL";
            };
            throw new AssertionError(name + " is not reachable at " + url + " (" + e.getMessage() + "): " + start
                    + ", or leave it out with TEST_DATABASES=" + String.join(",", ALL.stream().filter(n -> !n.equals(name)).toList()), e);
        }
    }

    /** The number of rows in a table. */
    public int rows(String table) {
        try (Connection c = connect(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + table + " on " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
