package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.testing.ProcessH2;
import skeleton.testing.TestBroker;
import skeleton.testing.Topics;
import skeleton.testing.WorkerProcess;

/**
 * Where the packaged worker takes its settings from, in a process whose environment the test controls: the
 * environment wins over {@code .env}, which wins over the working directory's {@code application.properties}; and a
 * {@code CONSUMER_NAME} without a row, or a database that does not answer, refuses the start with the message the
 * README shows.
 */
class ConfigPrecedenceIT {

    @TempDir
    Path dir;

    @Test
    void the_environment_wins_over_dot_env_which_wins_over_application_properties() throws Exception {
        String a = Topics.unique("a"), out = Topics.unique("out");
        String url = ProcessH2.create(dir, "from_properties", a, out);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            for (String name : new String[] {"from_dotenv", "from_environment"}) {
                st.executeUpdate("INSERT INTO consumer_configs (consumer_name, topics_input, topics_output, metadatas,"
                        + " kafka_bootstrap_server, timeout) VALUES ('" + name + "', '" + a + "', '" + out + "', NULL, '"
                        + TestBroker.bootstrapServers() + "', 60)");
            }
        }
        try (Topics topics = new Topics(TestBroker.bootstrapServers())) {
            topics.create(1, a, out);
        }
        // the user's copy of the file, with the database and the worker set at its end
        Files.writeString(dir.resolve("application.properties"), Files.readString(Path.of("application.properties"))
                + "\nCONSUMER_NAME=from_properties\nDB_URL=" + url + "\nDB_USER=sa\nAPI_ENABLED=false\n");
        Files.writeString(dir.resolve(".env"), "CONSUMER_NAME=from_dotenv\n");

        startsAs("from_environment", Map.of("CONSUMER_NAME", "from_environment"));
        startsAs("from_dotenv", Map.of());
        Files.delete(dir.resolve(".env"));
        startsAs("from_properties", Map.of());

        try (WorkerProcess refused = WorkerProcess.start(Map.of("CONSUMER_NAME", "nobody"), dir)) {
            String line = refused.awaitLine("no row in consumer_configs", Duration.ofSeconds(60));
            assertThat(line).contains("no row in consumer_configs (" + url).contains(") has consumer_name \"nobody\"; known: ")
                    .contains("(CONSUMER_NAME selects rows)").contains("from_properties", "from_dotenv", "from_environment");
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.exitCode().isPresent());
            assertThat(refused.exitCode().getAsInt()).as("exit code of a refused start").isNotZero();
        }
    }

    @Test
    void an_unreachable_database_refuses_the_start_naming_the_url_the_user_and_what_to_check() throws Exception {
        try (WorkerProcess refused = WorkerProcess.start(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:1/test", "DB_USER", "root",
                "API_ENABLED", "false"), dir)) {
            String line = refused.awaitLine("cannot reach the database", Duration.ofSeconds(60));
            assertThat(line).contains("- cannot reach the database at jdbc:postgresql://127.0.0.1:1/test as user \"root\": ")
                    .endsWith("(check DB_URL or DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD)");
            assertThat(refused.lines()).anyMatch(l -> l.contains("The worker cannot start ("));
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.exitCode().isPresent());
            assertThat(refused.exitCode().getAsInt()).as("exit code of a refused start").isNotZero();
        }
    }

    private void startsAs(String name, Map<String, String> env) throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(new HashMap<>(env), dir)) {
            worker.awaitStarted(name);
            assertThat(worker.lines()).noneMatch(l -> l.contains("worker from_") && !l.contains("worker " + name) && l.contains(" started"));
            assertThat(worker.terminate()).isIn(0, 143);
        }
    }
}
