package skeleton.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * Reads the rows of {@code consumer_configs} (the original table, unchanged) and turns the selected ones into
 * checked {@link WorkerConfig}s. Every problem of every selected row is reported at once.
 */
public final class ConsumerConfigs {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private ConsumerConfigs() {
    }

    /**
     * @param selector {@code CONSUMER_NAME}: one name, several names separated by commas, or {@code *} for every row
     * @param where    a description of the database for messages, e.g. the JDBC URL
     */
    public static List<WorkerConfig> load(DataSource dataSource, String table, String selector, String where) {
        Map<String, RawRow> rows = readRows(dataSource, table, where);
        List<String> problems = new ArrayList<>();
        List<String> names = selector.trim().equals("*") ? new ArrayList<>(rows.keySet()) : split(selector);
        if (names.isEmpty()) {
            problems.add(selector.trim().equals("*")
                    ? "table " + table + " in " + where + " has no rows: insert one per worker (see README, \"Configuration\")"
                    : "CONSUMER_NAME is empty: name a row of " + table + ", several separated by commas, or *");
        }
        List<WorkerConfig> configs = new ArrayList<>();
        for (String name : names) {
            RawRow row = rows.get(name);
            if (row == null) {
                problems.add("no row in " + table + " (" + where + ") has consumer_name \"" + name + "\"; known: "
                        + (rows.isEmpty() ? "none" : String.join(", ", rows.keySet())) + " (CONSUMER_NAME selects rows)");
                continue;
            }
            WorkerConfig config = check(row, table, problems);
            if (config != null) {
                configs.add(config);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("The worker cannot start: its configuration rows are invalid", problems);
        }
        return configs;
    }

    /** Checks one row; adds a message per problem and returns null when there is any. */
    static WorkerConfig check(RawRow row, String table, List<String> problems) {
        int before = problems.size();
        String place = " in " + table + " row " + row.name();
        List<String> inputs = topics(row.topicsInput(), "topics_input", place, problems);
        List<String> outputs = topics(row.topicsOutput(), "topics_output", place, problems);
        for (String t : inputs) {
            if (outputs.contains(t)) {
                problems.add("topic \"" + t + "\" is both an input and an output" + place + ": the worker would read its own results");
            }
        }
        if (row.brokers() == null || row.brokers().isBlank()) {
            problems.add("kafka_bootstrap_server is empty" + place + ": give host:port of the Kafka brokers");
        }
        long timeout = 0;
        String rawTimeout = row.timeout() == null ? "" : row.timeout().trim();
        try {
            timeout = Long.parseLong(rawTimeout);
            if (timeout <= 0) {
                problems.add("worker timeout " + rawTimeout + place + " must be a positive number of seconds");
            }
        } catch (NumberFormatException e) {
            problems.add("worker timeout \"" + rawTimeout + "\"" + place + " is not a number of seconds");
        }
        if (problems.size() > before) {
            return null;
        }
        String metadatas = row.metadatas() == null || row.metadatas().isBlank() ? null : row.metadatas();
        return new WorkerConfig(row.name(), inputs, outputs, metadatas, row.brokers().trim(), timeout);
    }

    private static List<String> topics(String raw, String column, String place, List<String> problems) {
        List<String> topics = raw == null ? List.of() : split(raw);
        if (topics.isEmpty()) {
            problems.add(column + " is empty" + place + ": list one or more topics, separated by commas");
        }
        List<String> seen = new ArrayList<>();
        for (String t : topics) {
            if (!TOPIC.matcher(t).matches()) {
                problems.add(column + " topic \"" + t + "\"" + place + " is not a Kafka topic name (letters, digits, . _ -)");
            } else if (seen.contains(t)) {
                problems.add(column + " lists topic \"" + t + "\" twice" + place);
            } else {
                seen.add(t);
            }
        }
        return seen;
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A worker runs the first row of its name; {@link Pipeline} reports the others. */
    private static Map<String, RawRow> readRows(DataSource dataSource, String table, String where) {
        Map<String, RawRow> rows = new LinkedHashMap<>();
        for (StoredRow r : rows(dataSource, table, where)) {
            rows.putIfAbsent(r.row().name().trim(), r.row());
        }
        return rows;
    }

    /** Every row of the table with a consumer_name, in id order, with its id. */
    public static List<StoredRow> rows(DataSource dataSource, String table, String where) {
        // the table name is checked as a plain identifier by WorkerSettings; values are never concatenated
        String sql = "SELECT id, consumer_name, topics_input, topics_output, metadatas, kafka_bootstrap_server, timeout FROM "
                + table + " ORDER BY id";
        List<StoredRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RawRow row = new RawRow(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7));
                if (row.name() != null) {
                    rows.add(new StoredRow(rs.getLong(1), row));
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("The worker cannot start",
                    List.of("cannot read table " + table + " in " + where + ": " + e.getMessage()
                            + " (create it with the DDL in src/main/resources/db/, or set DB_TABLE_NAME)"));
        }
        return rows;
    }

    /** A row and its id. */
    public record StoredRow(long id, RawRow row) {
    }

    /** A row as stored, before any check. */
    public record RawRow(String name, String topicsInput, String topicsOutput, String metadatas, String brokers, String timeout) {
    }
}
