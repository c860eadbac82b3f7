package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.app.Worker;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * Settings that change how every worker of a process runs, end to end: two rows picked by one CONSUMER_NAME,
 * KAFKA_BOOTSTRAP_SERVERS overriding the brokers of every row, DEAD_LETTER_TOPIC with {name}, and
 * JOIN_REPOSITORY=memory keeping the groups out of the database.
 */
class WorkerSettingsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);


    @Test
    void two_rows_their_brokers_overridden_their_own_dead_letter_topics_their_groups_in_memory() throws Exception {
        TestDatabase db = TestDatabase.selected().get(0);
        String a = Topics.unique("a"), b = Topics.unique("b"), first = Topics.unique("first"), second = Topics.unique("second");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            topics.create(1, a, b, first + "_out", second + "_out");
            // rows whose kafka_bootstrap_server no broker answers at
            for (String name : new String[] {first, second}) {
                try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + f.table()
                        + " (consumer_name, topics_input, topics_output, metadatas, kafka_bootstrap_server, timeout)"
                        + " VALUES (?, ?, ?, NULL, 'nowhere.invalid:9092', 60)")) {
                    ps.setString(1, name);
                    ps.setString(2, a + "," + b);
                    ps.setString(3, name + "_out");
                    ps.executeUpdate();
                }
            }
            Map<String, String> settings = f.settings(first + ", " + second);
            settings.put("KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers());
            settings.put("DEAD_LETTER_TOPIC", "dead-{name}");
            settings.put("JOIN_REPOSITORY", "memory");
            Worker w = f.start(settings);

            topics.send(a, "half", "{\"id\": \"half\"}");
            topics.send(a, "pair", "{\"id\": \"pair\"}");
            topics.send(b, "pair", "{\"id\": \"pair\"}");
            topics.send(b, "bad", "not json");

            await().atMost(WAIT).until(() -> topics.keys(first + "_out").contains("pair") && topics.keys(second + "_out").contains("pair")
                    && topics.count("dead-" + first) == 1 && topics.count("dead-" + second) == 1);
            assertThat(WorkerFixture.count(w, WorkerMetrics.RECORDS, first)).isEqualTo(4);
            assertThat(WorkerFixture.count(w, WorkerMetrics.RECORDS, second)).isEqualTo(4);
            for (String name : new String[] {first, second}) {
                // committed: the poll holding the half group has ended, where a database store would have written it
                await().atMost(WAIT).until(() -> topics.committed(name) == 4);
                assertThat(db.rows(JoinRepository.tableFor(name))).as("the half group of " + name + " is not in the database").isZero();
            }
        }
    }
}
