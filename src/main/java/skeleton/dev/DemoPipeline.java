package skeleton.dev;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/**
 * The original project's five-worker demo pipeline, seeded into an empty {@code consumer_configs} table in dev mode:
 * topic_1 → consumer1 → topic_2 → consumer2 → topic_3, topic_4; consumer3: topic_3 → topic_5; consumer4: topic_4 →
 * topic_6; consumer5 joins topic_5 and topic_6 into topic_7.
 */
public final class DemoPipeline {

    /** One demo row: name, inputs, outputs, timeout in seconds (public for the tests that run the demo). */
    public record Row(String name, String inputs, String outputs, int timeout) {
    }

    public static final List<Row> ROWS = List.of(
            new Row("consumer1", "topic_1", "topic_2", 30),
            new Row("consumer2", "topic_2", "topic_3,topic_4", 60),
            new Row("consumer3", "topic_3", "topic_5", 45),
            new Row("consumer4", "topic_4", "topic_6", 30),
            new Row("consumer5", "topic_5,topic_6", "topic_7", 30));

    private DemoPipeline() {
    }

    /** Inserts the demo rows when the table is empty; returns true when it did. */
    public static boolean seedIfEmpty(DataSource dataSource, String table, String brokers) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return false;
                }
            }
            String insert = "INSERT INTO " + table
                    + " (consumer_name, topics_input, topics_output, metadatas, kafka_bootstrap_server, timeout) VALUES (?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (Row r : ROWS) {
                    ps.setString(1, r.name());
                    ps.setString(2, r.inputs());
                    ps.setString(3, r.outputs());
                    ps.setString(4, null);
                    ps.setString(5, brokers);
                    ps.setInt(6, r.timeout());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the demo pipeline into " + table + ": " + e.getMessage(), e);
        }
    }
}
