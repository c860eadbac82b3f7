package skeleton.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import skeleton.config.Database;

/**
 * An H2 file for a worker started as its own process, which then hosts it (as in dev mode: no AUTO_SERVER, no other
 * JVM holds the data): the {@code consumer_configs} table made with the worker's own DDL and one row, on the test
 * broker, then closed so that the worker's process can open it.
 */
public final class ProcessH2 {

    private ProcessH2() {
    }

    /** Creates the file under {@code dir} with a row for the worker; returns its JDBC URL (user {@code sa}, no password). */
    public static String create(Path dir, String name, String inputs, String outputs) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("skeleton");
        try (Database d = Database.open(url, "sa", "", 1)) {
            d.runScript("consumer_configs", Map.of("table", "consumer_configs"));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                PreparedStatement insert = c.prepareStatement("INSERT INTO consumer_configs (consumer_name, topics_input,"
                        + " topics_output, metadatas, kafka_bootstrap_server, timeout) VALUES (?, ?, ?, NULL, ?, 60)")) {
            insert.setString(1, name);
            insert.setString(2, inputs);
            insert.setString(3, outputs);
            insert.setString(4, TestBroker.bootstrapServers());
            insert.executeUpdate();
        }
        return url;
    }

    /** The settings of a worker process on that file. */
    public static Map<String, String> settings(String url, String name) {
        return Map.of("DB_URL", url, "DB_USER", "sa", "DB_PASSWORD", "", "CONSUMER_NAME", name, "API_ENABLED", "false",
                "KAFKA_SESSION_TIMEOUT_MS", "6000");
    }
}
