package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.testing.ProcessH2;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.TwoPartStream;
import skeleton.testing.WorkerFixture;
import skeleton.testing.WorkerProcess;

/**
 * The packaged worker stopped with SIGTERM while parts are flowing, then started again: it finishes the poll in
 * hand (results sent, parts stored, offsets committed) before it exits, so after the restart every id is sent
 * exactly once.
 */
class GracefulStopIT {

    private static final int IDS = 3_000;

    @TempDir
    Path dir;

    /** On an H2 file the worker's process hosts, as in dev mode. */
    @Test
    void a_worker_on_h2_stopped_with_sigterm_mid_stream_and_restarted_sends_every_id_exactly_once() throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        stopAndRestart(ProcessH2.settings(ProcessH2.create(dir, name, a + "," + b, out), name), name, a, b, out);
    }

    /** On the first selected server database (MariaDB or PostgreSQL), if any. */
    @Test
    void a_worker_on_a_database_server_stopped_with_sigterm_mid_stream_and_restarted_sends_every_id_exactly_once() throws Exception {
        TestDatabase db = TestDatabase.selected().stream().filter(d -> !d.name().equals("h2")).findFirst().orElse(null);
        Assumptions.assumeTrue(db != null, "TEST_DATABASES names no server database");
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "60");
            Map<String, String> env = f.settings(name);
            env.keySet().removeIf(k -> k.startsWith("camel."));
            stopAndRestart(env, name, a, b, out);
        }
    }

    private static void stopAndRestart(Map<String, String> env, String name, String a, String b, String out) throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers())) {
            topics.create(3, a, b, out);

            int keysAtStop;
            // the second half of the ids waits until the worker is stopped
            try (TwoPartStream stream = TwoPartStream.start(topics, a, b, IDS, IDS / 2); WorkerProcess first = WorkerProcess.start(env)) {
                first.awaitStarted(name);
                await().atMost(Duration.ofSeconds(120)).until(() -> stream.ok() && topics.count(out) >= IDS / 5);
                // the JVM reports a SIGTERM exit as 143 once its shutdown hooks ran
                assertThat(first.terminate()).as("exit code after SIGTERM").isIn(0, 143);
                assertThat(first.lines()).anyMatch(l -> l.contains("(consumer-skeleton) shutdown in"))
                        .noneMatch(l -> l.contains("Timeout occurred during graceful shutdown"));
                keysAtStop = topics.keys(out).size();
                stream.release();
                stream.finish();
            }
            assertThat(keysAtStop).as("stopped mid-stream").isLessThan(IDS);

            try (WorkerProcess second = WorkerProcess.start(env)) {
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() -> topics.count(out) >= IDS);
            }
            Map<String, Long> copies = topics.readAll(out).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(copies).hasSize(IDS);
            assertThat(copies.values()).as("no id sent twice").allMatch(n -> n == 1);
        }
    }
}
