package skeleton.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import skeleton.app.Worker;
import skeleton.config.Database;
import skeleton.config.Settings;
import skeleton.join.JoinRepository;

/**
 * A worker under test: its own {@code consumer_configs} table in a real database, rows added by the test, and the
 * real {@link Worker} started on the shared test broker. Stops whatever it started.
 */
public final class WorkerFixture implements AutoCloseable {

    private final TestDatabase db;
    private final String table = "cfg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<Worker> running = new ArrayList<>();

    public WorkerFixture(TestDatabase db) {
        this.db = db;
        db.connect();
        try (Database d = Database.open(db.url(), db.user(), db.password(), 1)) {
            d.runScript("consumer_configs", Map.of("table", table));
        }
    }

    public String table() {
        return table;
    }

    public TestDatabase database() {
        return db;
    }

    /** Adds a row of consumer_configs exactly as a user would insert it. */
    public void addRow(String name, String inputs, String outputs, String metadatas, String timeout) {
        addRow(name, inputs, outputs, metadatas, timeout, TestBroker.bootstrapServers());
    }

    /** The same, with the row's own kafka_bootstrap_server. */
    public void addRow(String name, String inputs, String outputs, String metadatas, String timeout, String brokers) {
        String sql = "INSERT INTO " + table
                + " (consumer_name, topics_input, topics_output, metadatas, kafka_bootstrap_server, timeout) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, inputs);
            ps.setString(3, outputs);
            ps.setString(4, metadatas);
            ps.setString(5, brokers);
            ps.setInt(6, Integer.parseInt(timeout));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings a worker of this fixture runs with; tests add their own. */
    public Map<String, String> settings(String consumerName) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("DB_URL", db.url());
        s.put("DB_USER", db.user());
        s.put("DB_PASSWORD", db.password());
        s.put("DB_TABLE_NAME", table);
        s.put("CONSUMER_NAME", consumerName);
        s.put("PROCESSOR", "workerProcessor");
        s.put("camel.beans.workerProcessor", "#class:routes.WorkerProcessor");
        s.put("camel.beans.scriptedProcessor", "#class:skeleton.testing.ScriptedProcessor");
        s.put("DEADLINE_CHECK_MS", "200");
        // new groups wait briefly in memory (tests of holding set their own): a test awaiting a stored group or a
        // discard then waits a fraction of a second for it, not the default 5 s
        s.put("JOIN_HOLD_MS", "300");
        s.put("API_ENABLED", "false");
        s.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        return s;
    }

    /** A worker's counter ({@code WorkerMetrics} names), 0 while it has not been created. */
    public static double count(Worker w, String metric, String worker) {
        var c = w.meters().find(metric).tag("worker", worker).counter();
        return c == null ? 0 : c.count();
    }

    public Worker start(String consumerName) throws Exception {
        return start(settings(consumerName));
    }

    public Worker start(Map<String, String> settings) throws Exception {
        Worker w = Worker.create(Settings.of(settings)).start();
        running.add(w);
        return w;
    }

    public void stop(Worker w) {
        running.remove(w);
        w.close();
    }

    /**
     * Stops what it started; on a shared database server, also drops the tables it made: its consumer_configs table
     * and the join tables of every row in it.
     */
    @Override
    public void close() {
        new ArrayList<>(running).forEach(this::stop);
        if (db.name().equals("h2")) {
            return;
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT consumer_name FROM " + table)) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                String join = JoinRepository.tableFor(name);
                st.execute("DROP TABLE IF EXISTS " + join + "_done");
                st.execute("DROP TABLE IF EXISTS " + join);
            }
            st.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test's tables in " + db.name() + ": " + e.getMessage(), e);
        }
    }
}
