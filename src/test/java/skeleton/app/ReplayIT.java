package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.config.Settings;
import skeleton.join.WorkerMetrics;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * The {@code replay} command puts a worker's dead letters back into that worker only: a poison record fixed by hand
 * joins the part that waited for it, a joined message whose processor failed is joined again from its parts once
 * the processor works, and each reaches the output once; a worker reading the same input topic sees no replay.
 */
class ReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"),
            other = Topics.unique("other"), name = Topics.unique("w"), reader = Topics.unique("v");

    @Test
    void a_poison_record_fixed_and_replayed_joins_its_waiting_part_once_and_reaches_no_other_worker() throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(firstDatabase())) {
            topics.create(1, a, b, out, other);
            f.addRow(name, a + "," + b, out, null, "600");
            f.addRow(reader, a, other, null, "600");
            Worker worker = f.start(name + "," + reader);
            topics.send(b, "7", "{\"id\": 7, \"from\": \"b\"}");
            long sentAt = System.currentTimeMillis() - 5_000;
            topics.send(a, "7", "{\"id\": 7, \"from\": \"a\",".getBytes(StandardCharsets.UTF_8), sentAt);
            topics.send(a, "8", "{\"id\": 8, \"from\": \"a\"}");
            topics.send(b, "8", "{\"id\": 8, \"from\": \"b\"}");
            await().atMost(WAIT).until(() -> topics.count(out) >= 1 && topics.count(name + ".dlq") >= 1
                    && topics.count(other) >= 1 && topics.count(reader + ".dlq") >= 1);

            Path file = dir.resolve("fix.jsonl");
            Run export = replay(f.settings(name), name, "--error", "not JSON", "--export", file.toString());
            assertThat(export.code()).as(export.text()).isZero();
            assertThat(export.out()).contains("1 dead letters of worker " + name).contains("-> " + a + " record");
            ObjectNode line = (ObjectNode) JSON.readTree(Files.readString(file));
            assertThat(line.get("value").asText()).isEqualTo("{\"id\": 7, \"from\": \"a\",");
            assertThat(line.get("timestamp").asLong()).as("its data time").isEqualTo(sentAt);
            line.set("value", JSON.readTree("{\"id\": 7, \"from\": \"a\", \"fixed\": true}"));
            Files.writeString(file, JSON.writeValueAsString(line) + "\n");

            Run replay = replay(f.settings(name), name, "--import", file.toString());
            assertThat(replay.code()).as(replay.text()).isZero();

            await().atMost(WAIT).until(() -> topics.keys(out).contains("7"));
            await().atMost(WAIT).until(() -> topics.committed(name, name + ".replay") == 1);
            List<ConsumerRecord<byte[], byte[]>> sevens = topics.readAll(out).stream().filter(r -> key(r).equals("7")).toList();
            assertThat(sevens).as("once").hasSize(1);
            assertThat(new String(sevens.get(0).value(), StandardCharsets.UTF_8)).contains("\"fixed\":true").contains("\"from\":\"b\"");
            assertThat(WorkerFixture.count(worker, WorkerMetrics.REPLAYED, name)).isEqualTo(1);
            ConsumerRecord<byte[], byte[]> replayed = topics.readAll(name + ".replay").get(0);
            assertThat(header(replayed, "replay.topic")).isEqualTo(a);
            assertThat(header(replayed, "replay.of")).isEqualTo(name + ".dlq[0]@0");
            assertThat(replayed.timestamp()).isEqualTo(sentAt);
            assertThat(topics.keys(other)).as("the other reader of " + a + " saw no replay").containsExactly("8");
            assertThat(topics.count(other)).isEqualTo(1);
            assertThat(WorkerFixture.count(worker, WorkerMetrics.REPLAYED, reader)).isZero();
            assertThat(f.database().rows(skeleton.join.JoinRepository.tableFor(name))).isZero();
        }
    }

    @Test
    void a_joined_message_whose_processor_failed_is_joined_again_from_its_parts_once_the_processor_works() throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(firstDatabase())) {
            topics.create(1, a, b, out);
            f.addRow(name, a + "," + b, out, null, "5");
            Map<String, String> settings = f.settings(name);
            settings.put("PROCESSOR", "scriptedProcessor");
            settings.put("REDELIVERIES", "1");
            settings.put("REDELIVERY_DELAY_MS", "10");
            f.start(settings);
            long dataTime = System.currentTimeMillis() - 60_000;
            // fails on its first two calls (the try and the one redelivery), so it is dead-lettered; a third works
            topics.send(a, "9", "{\"id\": 9, \"failTimes\": 2}".getBytes(StandardCharsets.UTF_8), dataTime);
            topics.send(b, "9", "{\"id\": 9, \"from\": \"b\"}".getBytes(StandardCharsets.UTF_8), dataTime + 1_000);
            topics.send(a, "10", "{\"id\": 10, \"fail\": true}");
            topics.send(b, "10", "{\"id\": 10}");
            await().atMost(WAIT).until(() -> topics.count(name + ".dlq") >= 2);

            Run dryRun = replay(settings, name, "--id", "9", "--dry-run");
            assertThat(dryRun.code()).as(dryRun.text()).isZero();
            assertThat(dryRun.out()).contains("1 dead letters of worker " + name).contains("processor failed")
                    .contains("-> " + a + " record").contains("-> " + b + " record").contains("dry run: 2 records would be put back");
            assertThat(topics.count(name + ".replay")).as("a dry run puts nothing back").isZero();

            Run replay = replay(settings, name, "--id", "9");
            assertThat(replay.code()).as(replay.text()).isZero();
            await().atMost(WAIT).until(() -> topics.keys(out).contains("9"));
            await().atMost(WAIT).until(() -> topics.committed(name, name + ".replay") == 2);
            assertThat(topics.readAll(out)).as("once, the other dead letter left where it is").hasSize(1)
                    .allSatisfy(r -> assertThat(r.timestamp()).as("the group's data time").isBetween(dataTime, dataTime + 1_000));
            assertThat(f.database().rows(skeleton.join.JoinRepository.tableFor(name))).isZero();
        }
    }

    @Test
    void wrong_arguments_say_what_is_wrong_and_exit_2() throws Exception {
        Map<String, String> settings = Map.of("KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers());
        assertThat(replay(settings, "--dry-run").err()).contains("name the worker");
        Run both = replay(settings, name, "--dry-run", "--export", "x.jsonl");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--dry-run, --export and --import go one at a time");
        assertThat(replay(settings, name, "--since", "yesterday").err()).contains("--since \"yesterday\" is not an ISO-8601 time");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"dead_letter\": \"x\", \"topic\": \"a\"}\n");
        Run noTime = replay(settings, name, "--import", bad.toString());
        assertThat(noTime.code()).isEqualTo(2);
        assertThat(noTime.err()).contains(bad + ", line 1 has no \"timestamp\"");
    }

    private static TestDatabase firstDatabase() {
        return TestDatabase.selected().get(0);
    }

    private record Run(int code, String out, String err) {
        String text() {
            return out + err;
        }
    }

    private static Run replay(Map<String, String> settings, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(List.of(args), Settings.of(settings), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
