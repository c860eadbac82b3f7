package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.config.Settings;
import skeleton.join.JoinRepository;
import skeleton.testing.ProcessH2;
import skeleton.testing.TestBroker;
import skeleton.testing.Topics;
import skeleton.testing.WorkerProcess;

/**
 * A worker's process SIGKILLed at the worst moments of the join path (the points of {@code skeleton.join.FaultPoint},
 * where the process waits to be killed), on an H2 file the process hosts itself, then started again: every id
 * comes out; an id comes out twice only when its result was on the broker before the kill; nothing is left in the
 * join table.
 */
class CrashPointsIT {

    private static final int IDS = 300;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    private final String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
    private final List<String> ids = IntStream.range(0, IDS).mapToObj(i -> "id-" + i).toList();

    /**
     * Runs with tracing on, which changes what is stored (each part keeps its record span's traceparent): the parts
     * read back after the kill are traced ones.
     */
    @Test
    void killed_once_parts_are_stored_and_before_their_offsets_are_committed_every_id_joins_once() throws Exception {
        Map<String, String> env = worker(60);
        env.put("OTEL_TRACES_EXPORTER", "zipkin");
        // nothing listens there: the spans are dropped once their export fails, which the join must not notice
        env.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://127.0.0.1:9/api/v2/spans");
        try (Topics topics = topics()) {
            sendFirstPartsAndKillAt("stored", env, topics);
            sendSecondPartsAfterRestart(env, topics);
            assertThat(copies(topics).values()).as("each id once").allMatch(n -> n == 1);
            assertThat(topics.readAll(out)).as("every result with its trace").allMatch(r -> r.headers().lastHeader("traceparent") != null);
        }
        assertThat(groupsLeft()).isZero();
    }

    @Test
    void killed_while_new_groups_wait_in_memory_after_a_commit_every_id_joins_once() throws Exception {
        Map<String, String> env = worker(60);
        env.put("JOIN_HOLD_MS", "600000");
        try (Topics topics = topics()) {
            sendFirstPartsAndKillAt("held", env, topics);
            assertThat(groupsLeft()).as("held in memory, never stored").isZero();
            sendSecondPartsAfterRestart(env, topics);
            assertThat(copies(topics).values()).as("each id once").allMatch(n -> n == 1);
        }
        assertThat(groupsLeft()).isZero();
    }

    @Test
    void killed_once_a_group_completes_and_before_anything_is_sent_every_id_joins_once() throws Exception {
        Map<String, String> env = worker(60);
        try (Topics topics = topics()) {
            try (WorkerProcess first = WorkerProcess.start(pausingAt("completed", env), dir)) {
                first.awaitStarted(name);
                send(topics, a);
                send(topics, b);
                killAtPause(first, "completed");
                assertThat(topics.count(out)).as("nothing sent before the kill").isZero();
            }
            try (WorkerProcess second = WorkerProcess.start(env, dir)) {
                second.awaitStarted(name);
                await().atMost(WAIT).until(() -> topics.keys(out).size() >= IDS);
                stop(second);
            }
            assertThat(copies(topics).values()).as("each id once").allMatch(n -> n == 1);
        }
        assertThat(groupsLeft()).isZero();
    }

    @Test
    void killed_once_results_are_sent_and_again_during_the_recovery_every_id_joins_and_only_those_sent_repeat() throws Exception {
        Map<String, String> env = worker(60);
        try (Topics topics = topics()) {
            Set<String> sentBeforeKills;
            try (WorkerProcess first = WorkerProcess.start(pausingAt("sent", env), dir)) {
                first.awaitStarted(name);
                send(topics, a);
                send(topics, b);
                killAtPause(first, "sent");
                sentBeforeKills = topics.keys(out);
                assertThat(sentBeforeKills).as("results on the broker, their poll neither stored nor committed").isNotEmpty();
            }
            // the restarted process reads that poll again and sends its results again: killed at the same point
            try (WorkerProcess recovering = WorkerProcess.start(pausingAt("sent", env), dir)) {
                recovering.awaitStarted(name);
                killAtPause(recovering, "sent");
                sentBeforeKills = topics.keys(out);
            }
            try (WorkerProcess third = WorkerProcess.start(env, dir)) {
                third.awaitStarted(name);
                await().atMost(WAIT).until(() -> topics.keys(out).size() >= IDS);
                stop(third);
            }
            Map<String, Long> copies = copies(topics);
            assertThat(copies).hasSize(IDS);
            Set<String> repeated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(sentBeforeKills).as("repeats are only of results sent before a kill").containsAll(repeated);
            assertThat(copies.values()).as("at most once per kill, and once after").allMatch(n -> n <= 3);
        }
        assertThat(groupsLeft()).isZero();
    }

    @Test
    void killed_once_an_expired_group_is_reported_and_before_it_is_removed_the_group_is_reported_again_and_removed() throws Exception {
        Map<String, String> env = worker(2);
        env.put("INCOMPLETE_POLICY", "expired");
        env.put("GRACE_MS", "0");
        try (Topics topics = topics()) {
            try (WorkerProcess first = WorkerProcess.start(pausingAt("expired", env), dir)) {
                first.awaitStarted(name);
                topics.send(a, "lonely", "{\"id\": \"lonely\"}");
                killAtPause(first, "expired");
                assertThat(topics.keys(name + ".expired")).containsExactly("lonely");
            }
            try (WorkerProcess second = WorkerProcess.start(env, dir)) {
                second.awaitStarted(name);
                await().atMost(WAIT).until(() -> topics.count(name + ".expired") >= 2);
                await().atMost(WAIT).until(() -> second.lines().stream().anyMatch(l -> l.contains("id=lonely")));
                stop(second);
            }
            assertThat(topics.count(name + ".expired")).as("reported again after the kill, not more").isEqualTo(2);
        }
        assertThat(groupsLeft()).isZero();
    }

    /**
     * Dead letters put back by the replay command: killed once the replayed parts' groups are sent and stored, before
     * the replay topic's offsets are committed. Read again, the replayed parts are repeats of the groups they
     * completed, not the start of new ones: every id once, no group left behind.
     */
    @Test
    void killed_once_replayed_dead_letters_are_joined_and_stored_every_id_joins_once() throws Exception {
        Map<String, String> env = worker(600);
        Map<String, String> command = Map.of("KAFKA_BOOTSTRAP_SERVERS", TestBroker.bootstrapServers());
        Path fixes = dir.resolve("fixes.jsonl");
        try (Topics topics = topics()) {
            try (WorkerProcess first = WorkerProcess.start(env, dir)) {
                first.awaitStarted(name);
                send(topics, b);
                ids.forEach(id -> topics.sendAsync(a, id, "{\"id\": \"" + id + "\", \"from\": ", null));
                topics.flush();
                await().atMost(WAIT).until(() -> topics.count(name + ".dlq") >= IDS);
                stop(first);
            }
            assertThat(ReplayCommand.run(List.of(name, "--export", fixes.toString()), Settings.of(command), QUIET,
                    System.err)).isZero();
            ObjectMapper json = new ObjectMapper();
            List<String> fixed = new ArrayList<>();
            for (String line : Files.readAllLines(fixes)) {
                ObjectNode record = (ObjectNode) json.readTree(line);
                record.set("value", json.readTree("{\"id\": \"" + record.get("key").asText() + "\", \"from\": \"a\", \"fixed\": true}"));
                fixed.add(json.writeValueAsString(record));
            }
            Files.write(fixes, fixed);
            try (WorkerProcess second = WorkerProcess.start(pausingAt("stored", env), dir)) {
                second.awaitStarted(name);
                assertThat(ReplayCommand.run(List.of(name, "--import", fixes.toString()), Settings.of(command), QUIET,
                        System.err)).isZero();
                killAtPause(second, "stored");
                assertThat(topics.count(out)).as("results sent before the kill").isPositive();
            }
            try (WorkerProcess third = WorkerProcess.start(env, dir)) {
                third.awaitStarted(name);
                await().atMost(WAIT).until(() -> topics.keys(out).size() >= IDS && topics.committed(name, name + ".replay") == IDS);
                stop(third);
            }
            assertThat(copies(topics)).hasSize(IDS);
            assertThat(copies(topics).values()).as("each id once").allMatch(n -> n == 1);
            assertThat(topics.values(out)).allMatch(v -> v.contains("\"fixed\":true"));
        }
        assertThat(groupsLeft()).as("no replayed part started a group again").isZero();
    }

    /** Starts the worker pausing at {@code point}, sends every id's part on topic a, and kills it there. */
    private void sendFirstPartsAndKillAt(String point, Map<String, String> env, Topics topics) throws Exception {
        try (WorkerProcess first = WorkerProcess.start(pausingAt(point, env), dir)) {
            first.awaitStarted(name);
            send(topics, a);
            killAtPause(first, point);
        }
    }

    /** Starts the worker again, sends every id's part on topic b, waits for every id's output, and stops it. */
    private void sendSecondPartsAfterRestart(Map<String, String> env, Topics topics) throws Exception {
        try (WorkerProcess second = WorkerProcess.start(env, dir)) {
            second.awaitStarted(name);
            send(topics, b);
            await().atMost(WAIT).until(() -> topics.keys(out).size() >= IDS);
            stop(second);
        }
    }

    private Topics topics() {
        Topics topics = new Topics(TestBroker.bootstrapServers());
        topics.create(3, a, b, out);
        return topics;
    }

    private Map<String, String> worker(int timeoutSeconds) throws Exception {
        String url = ProcessH2.create(dir, name, a + "," + b, out);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE consumer_configs SET timeout = " + timeoutSeconds);
        }
        return new HashMap<>(ProcessH2.settings(url, name));
    }

    private static Map<String, String> pausingAt(String point, Map<String, String> env) {
        Map<String, String> paused = new HashMap<>(env);
        paused.put("JAVA_TOOL_OPTIONS", "-Dskeleton.test.pauseAt=" + point);
        return paused;
    }

    /** SIGTERM: the process ends what it has in hand, then exits. */
    private static void stop(WorkerProcess worker) {
        assertThat(worker.terminate()).as("exit code after SIGTERM").isIn(0, 143);
    }

    private static void killAtPause(WorkerProcess worker, String point) {
        worker.awaitLine("paused at " + point, WAIT);
        assertThat(worker.kill()).as("SIGKILL").isEqualTo(137);
    }

    private void send(Topics topics, String topic) {
        ids.forEach(id -> topics.sendAsync(topic, id, "{\"id\": \"" + id + "\", \"from\": \"" + topic + "\"}", null));
        topics.flush();
    }

    private Map<String, Long> copies(Topics topics) {
        return topics.readAll(out).stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Groups still in the worker's join table, read once its process is gone. */
    private long groupsLeft() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("skeleton"), "sa", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + JoinRepository.tableFor(name))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
