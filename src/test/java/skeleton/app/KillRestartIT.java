package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * The packaged worker ({@code target/consumer-skeleton.jar}) as its own process, killed with SIGKILL while parts are
 * flowing, then started again: every group whose parts were all produced is sent, none lost; a repeat carries the
 * same key and payload.
 */
class KillRestartIT {

    private static final int IDS = 3_000;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

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

            Process first = launch(env);
            await().atMost(Duration.ofSeconds(60)).until(() -> started(name));

            Thread producer = new Thread(() -> {
                for (int i = 0; i < IDS; i++) {
                    String key = "id-" + i;
                    topics.sendAsync(a, key, "{\"id\": \"" + key + "\", \"a\": " + i + "}", null);
                    topics.sendAsync(b, key, "{\"id\": \"" + key + "\", \"b\": " + i + "}", null);
                    if (i % 100 == 99) {
                        topics.flush();
                    }
                }
                topics.flush();
            });
            producer.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> topics.count(out) >= IDS / 5);
            first.destroyForcibly().waitFor();
            output.clear();
            producer.join();

            launch(env);
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() -> topics.keys(out).size() >= IDS);

            Map<String, List<String>> byKey = topics.readAll(out).stream().collect(Collectors.groupingBy(
                    r -> new String(r.key(), StandardCharsets.UTF_8),
                    Collectors.mapping(KillRestartIT::value, Collectors.toList())));
            assertThat(byKey).hasSize(IDS);
            byKey.forEach((key, values) -> assertThat(new HashSet<>(values)).as("every copy of %s is the same", key).hasSize(1));
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    private boolean started(String name) {
        synchronized (output) {
            return output.stream().anyMatch(l -> l.contains("worker " + name + " started"));
        }
    }

    private Process launch(Map<String, String> env) throws Exception {
        Path jar = Path.of("target", "consumer-skeleton.jar").toAbsolutePath();
        assertThat(jar).as("run the integration tests with mvn verify: they need the packaged jar").exists();
        Path workDir = Files.createTempDirectory("worker-process");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (java.io.IOException e) {
                // the process is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
