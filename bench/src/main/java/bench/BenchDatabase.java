package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import skeleton.config.Database;

/**
 * A database our worker keeps its configuration row (and, with the JDBC repository, its groups) in: H2 in a file
 * of its own per run, or the MariaDB and PostgreSQL servers of the machine when they answer.
 */
record BenchDatabase(String name, String server, String user) {

    static final List<BenchDatabase> ALL = List.of(new BenchDatabase("h2", null, "sa"),
            new BenchDatabase("mariadb", "jdbc:mysql://127.0.0.1:3306/test", "root"),
            new BenchDatabase("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "root"));

    static BenchDatabase h2() {
        return ALL.get(0);
    }

    String url(String run) {
        return server != null ? server
                : "jdbc:h2:file:" + Path.of("bench", "target", "h2", run).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Why the server is not usable (down, refused), or empty when it answers. */
    Optional<String> unavailable() {
        if (server == null) {
            return Optional.empty();
        }
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(server, user, "")) {
            return c.isValid(3) ? Optional.empty() : Optional.of(name + " at " + server + " does not answer");
        } catch (SQLException e) {
            return Optional.of(name + " at " + server + " is down: " + e.getMessage());
        }
    }

    /** Creates the run's consumer_configs table with its one row, exactly as a user would. */
    void addConfigRow(String run, String table, String worker, List<String> inputs, String output, String brokers) throws SQLException {
        try (Database db = Database.open(url(run), user, "", 1)) {
            db.runScript("consumer_configs", Map.of("table", table));
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (consumer_name, topics_input, topics_output, metadatas, kafka_bootstrap_server, timeout) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, worker);
                ps.setString(2, String.join(",", inputs));
                ps.setString(3, output);
                ps.setString(4, null);
                ps.setString(5, brokers);
                ps.setInt(6, (int) (StreamsSubject.TIMEOUT_MS / 1000));
                ps.executeUpdate();
            }
        }
    }

    /** Drops a run's tables (servers) or deletes its H2 files. */
    void drop(String run, List<String> tables) {
        if (server == null) {
            try (Stream<Path> files = Files.list(Path.of("bench", "target", "h2"))) {
                files.filter(f -> f.getFileName().toString().startsWith(run + ".")).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete the H2 files of " + run + ": " + e.getMessage());
            }
            return;
        }
        try (Connection c = DriverManager.getConnection(server, user, ""); Statement st = c.createStatement()) {
            for (String t : tables) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        } catch (SQLException e) {
            System.err.println("could not drop the tables of " + run + " on " + name + ": " + e.getMessage());
        }
    }
}
