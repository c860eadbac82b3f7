package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.config.Settings;
import skeleton.testing.TestDatabase;
import skeleton.testing.WorkerFixture;

/** The {@code pipeline} command over rows in each database: the demo's graph, then every kind of problem, by row. */
class PipelineCommandIT {

    static List<TestDatabase> databases() {
        return TestDatabase.selected();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run pipeline(TestDatabase db, String table, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Settings settings = Settings.of(Map.of("DB_URL", db.url(), "DB_USER", db.user(), "DB_PASSWORD", db.password(),
                "DB_TABLE_NAME", table));
        int exit = PipelineCommand.run(List.of(args), settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void prints_the_demo_graph_and_exits_0(TestDatabase db) {
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow("consumer1", "topic_1", "topic_2", null, "30", "kafka:9092");
            f.addRow("consumer2", "topic_2", "topic_3,topic_4", null, "60", "kafka:9092");
            f.addRow("consumer3", "topic_3", "topic_5", null, "45", "kafka:9092");
            f.addRow("consumer4", "topic_4", "topic_6", null, "30", "kafka:9092");
            f.addRow("consumer5", "topic_5,topic_6", "topic_7", null, "30", "kafka:9092");
            Run run = pipeline(f.database(), f.table());
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith(f.table() + " in ").contains(": 5 workers, 7 topics\n\n"
                    + "  topic_1 (in) → consumer1 [30 s] → topic_2\n"
                    + "  topic_2 → consumer2 [60 s] → topic_3, topic_4\n"
                    + "  topic_3 → consumer3 [45 s] → topic_5\n"
                    + "  topic_4 → consumer4 [30 s] → topic_6\n"
                    + "  topic_5, topic_6 → consumer5 [30 s] → topic_7 (out)\n\n"
                    + "inputs from outside (no worker writes them): topic_1\n"
                    + "results (no worker reads them): topic_7\n\n"
                    + "0 errors, 0 warnings\n");
        }
    }

    /** A table made by hand, as the original's users made theirs: explicit ids, no unique constraint on consumer_name. */
    @ParameterizedTest
    @MethodSource("databases")
    void names_every_problem_by_row_and_exits_1_on_errors(TestDatabase db) throws Exception {
        String table = "cfg_hand_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, consumer_name VARCHAR(255) NOT NULL,"
                    + " topics_input VARCHAR(2000), topics_output VARCHAR(2000), metadatas VARCHAR(2000),"
                    + " kafka_bootstrap_server VARCHAR(1000), timeout INT)");
            try {
                String[][] rows = {
                    {"1", "a", "t1,t3", "t2", "kafka:9092", "30"},
                    {"2", "b", "t2", "t3", "kafka:9092", "30"},               // a cycle with a
                    {"3", "split", "in", "left,right", "kafka:9092", "30"},
                    {"4", "slow", "left", "left2", "kafka:9092", "30"},
                    {"5", "join", "left2,right", "out", "kafka:9092", "20"},  // a diamond from split
                    {"6", "split", "in", "other", "kafka:9092", "30"},        // split again
                    {"7", "far", "out", "far_out", "elsewhere:9092", "30"},   // reads out on another cluster
                    {"8", "zero", "z", "z_out", "kafka:9092", "0"},           // timeout 0
                };
                for (String[] r : rows) {
                    st.execute("INSERT INTO " + table + " (id, consumer_name, topics_input, topics_output, kafka_bootstrap_server,"
                            + " timeout) VALUES (" + r[0] + ", '" + r[1] + "', '" + r[2] + "', '" + r[3] + "', '" + r[4] + "', "
                            + r[5] + ")");
                }
                Run run = pipeline(db, table);
                assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
                assertThat(run.out()).contains("3 errors, 2 warnings\n")
                        .contains("  error: worker timeout 0 in " + table + " row zero must be a positive number of seconds (id 8)\n")
                        .contains("  error: consumer_name \"split\" is on 2 rows of " + table + " (ids 3, 6): one consumer group,"
                                + " so they would split in between them")
                        .contains("  error: topic out: join (id 5) writes it to kafka:9092, far (id 7) reads it from elsewhere:9092")
                        .contains("  warning: cycle a → t2 → b → t3 → a (ids 1, 2)")
                        .contains("  warning: join (id 5) joins parts that come from split by paths of different lengths"
                                + " (left2 2 steps from split, right 1 step from split)")
                        .contains("inputs from outside (no worker writes them): in, t1\n")
                        .contains("results (no worker reads them): far_out\n");
            } finally {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_table_that_cannot_be_read_exits_2_saying_so(TestDatabase db) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Settings settings = Settings.of(Map.of("DB_URL", db.url(), "DB_USER", db.user(), "DB_PASSWORD", db.password(),
                "DB_TABLE_NAME", "no_such_table_here"));
        int exit = PipelineCommand.run(List.of(), settings, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read table no_such_table_here");
    }
}
