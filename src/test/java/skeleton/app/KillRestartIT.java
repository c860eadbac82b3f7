package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.TwoPartStream;
import skeleton.testing.WorkerFixture;
import skeleton.testing.WorkerProcess;

/**
 * The packaged worker ({@code target/consumer-skeleton.jar}) as its own process, killed with SIGKILL while parts are
 * flowing, then started again: every group whose parts were all produced is sent, none lost; a repeat carries the
 * same key and payload.
 */
class KillRestartIT {

    private static final int IDS = 3_000;

    @Test
    void nothing_is_lost_when_the_worker_is_killed_mid_stream_and_restarted() throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        TestDatabase db = TestDatabase.selected().get(0);
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            topics.create(3, a, b, out);
            f.addRow(name, a + "," + b, out, null, "60");
            Map<String, String> env = f.settings(name);
            env.keySet().removeIf(k -> k.startsWith("camel."));
            env.put("KAFKA_GROUP_INSTANCE_ID", "kill-test");
            env.put("LOGGING_LEVEL", "INFO");

            int keysAtKill;
            try (WorkerProcess first = WorkerProcess.start(env)) {
                first.awaitStarted(name);
                // the second half of the ids waits until the kill
                TwoPartStream stream = TwoPartStream.start(topics, a, b, IDS, IDS / 2);
                await().atMost(Duration.ofSeconds(120)).until(() -> stream.ok() && topics.count(out) >= IDS / 5);
                first.kill();
                keysAtKill = topics.keys(out).size();
                stream.release();
                stream.finish();
            }
            assertThat(keysAtKill).as("distinct outputs when the first process was killed: it must die mid-stream").isLessThan(IDS);

            try (WorkerProcess second = WorkerProcess.start(env)) {
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> topics.keys(out).size() >= IDS);
            }

            Map<String, List<String>> byKey = topics.readAll(out).stream().collect(Collectors.groupingBy(
                    r -> new String(r.key(), StandardCharsets.UTF_8),
                    Collectors.mapping(KillRestartIT::value, Collectors.toList())));
            assertThat(byKey).hasSize(IDS);
            assertThat(byKey.size()).as("distinct outputs after the restart: the second process sent the rest").isGreaterThan(keysAtKill);
            byKey.forEach((key, values) -> assertThat(new HashSet<>(values)).as("every copy of %s is the same", key).hasSize(1));
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }
}
