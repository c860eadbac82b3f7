package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.config.Database;
import skeleton.testing.TestBroker;
import skeleton.testing.ProcessH2;
import skeleton.testing.Topics;
import skeleton.testing.WorkerProcess;

/**
 * A worker on an H2 file that its own process hosts (as in dev mode: no AUTO_SERVER, so no other JVM holds the data),
 * killed with SIGKILL the moment its committed offsets cover every part it was sent: a part whose offset was committed
 * was stored, so after a restart on the same file every id joins once its second part comes. With H2's default write
 * delay the last parts stored before the kill were only in memory, and those ids never joined.
 */
class H2DurabilityIT {

    private static final int IDS = 100;

    @TempDir
    Path dir;

    @Test
    void parts_whose_offsets_were_committed_survive_a_sigkill_of_the_process_hosting_h2() throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        List<String> ids = IntStream.range(0, IDS).mapToObj(i -> "id-" + i).toList();
        String url = createDatabase(name, a + "," + b, out);
        Map<String, String> env = new HashMap<>(ProcessH2.settings(url, name));
        env.put("KAFKA_GROUP_INSTANCE_ID", "h2-durability");

        try (Topics topics = new Topics(TestBroker.bootstrapServers());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()))) {
            topics.create(3, a, b, out);

            try (WorkerProcess first = WorkerProcess.start(env, dir)) {
                first.awaitStarted(name);
                // one by one (about a second), so that the worker stores them in many transactions while H2, left at
                // its defaults, writes to its file about every WRITE_DELAY (500 ms): the last ones are then in memory only
                ids.forEach(id -> topics.send(a, id, "{\"id\": \"" + id + "\", \"a\": 1}"));
                await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                        .until(() -> committed(admin, name, a) >= IDS);
                assertThat(first.kill()).as("SIGKILL").isEqualTo(137);
            }

            try (WorkerProcess second = WorkerProcess.start(env, dir)) {
                second.awaitStarted(name);
                ids.forEach(id -> topics.sendAsync(b, id, "{\"id\": \"" + id + "\", \"b\": 2}", null));
                topics.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, name, b) >= IDS);
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(topics.keys(out)).as("the ids joined after the restart (the others lost their first part)")
                                .containsExactlyInAnyOrderElementsOf(ids));
            }
        }
    }

    /**
     * The worker's H2 file with its row, and H2's default write delay put back (the DDL's connection is the worker's
     * code): the file is as any other tool would leave it, so the worker must make its writes durable itself.
     */
    private String createDatabase(String name, String inputs, String outputs) throws Exception {
        String url = ProcessH2.create(dir, name, inputs, outputs);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("SET WRITE_DELAY 500");
        }
        return url;
    }

    /** The offsets the worker's consumer group has committed on a topic, summed over its partitions. */
    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
