package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.app.Worker;
import skeleton.testing.LogCapture;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/** The stream worker end to end, on the real broker, against each selected database. */
class StreamWorkerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Topics topics;

    static List<TestDatabase> databases() {
        return TestDatabase.selected();
    }

    /** For what does not depend on the join store's SQL (a single-topic worker, the error handler, the join's rule on
     *  data time, the output's timestamp): one database is enough. */
    static List<TestDatabase> firstDatabase() {
        return TestDatabase.selected().subList(0, 1);
    }

    @BeforeAll
    static void broker() {
        topics = new Topics(TestBroker.bootstrapServers());
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("output is not JSON: " + s, e);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void joins_two_topics_by_id_whatever_the_order_and_merges_in_input_order(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(3, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, "meta-1", "30");
            Map<String, String> settings = f.settings(name);
            settings.put("PROCESSOR", "scriptedProcessor");
            Worker w = f.start(settings);

            // given interleaved ids, b before a for id 1 and a before b for id 2 (read in separate polls), a key clash
            // on "shared", flat and content-wrapped parts
            topics.send(b, "1", "{\"id\": \"1\", \"content\": {\"shared\": \"from b\", \"y\": 1}}");
            topics.send(a, "2", "{\"id\": \"2\", \"shared\": \"from a\", \"x\": 2}");
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.RECORDS, name) >= 2);
            topics.send(a, "1", "{\"id\": \"1\", \"shared\": \"from a\", \"x\": 1}");
            topics.send(b, "3", "{\"id\": \"3\", \"y\": 3}");
            topics.send(b, "2", "{\"id\": \"2\", \"shared\": \"from b\", \"y\": 2}");
            topics.send(a, "3", "{\"id\": \"3\", \"content\": {\"x\": 3}}");

            await().atMost(WAIT).until(() -> topics.count(out) >= 3);
            List<ConsumerRecord<byte[], byte[]>> records = topics.readAll(out);
            assertThat(records).hasSize(3);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                JsonNode m = json(new String(r.value(), StandardCharsets.UTF_8));
                String id = m.get("id").asText();
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(id);
                assertThat(m.get("topics")).hasToString("[\"" + a + "\",\"" + b + "\"]");
                assertThat(m.at("/content/x").asText()).isEqualTo(id);
                assertThat(m.at("/content/y").asText()).isEqualTo(id);
                assertThat(m.at("/content/worker").asText()).isEqualTo(name);
                assertThat(m.at("/content/metadatas").asText()).isEqualTo("meta-1");
                if (id.equals("1") || id.equals("2")) {
                    // id 1's part on b came first, id 2's last: b is later in topics_input, so it wins either way
                    assertThat(m.at("/content/shared").asText()).as("the clash of id %s", id).isEqualTo("from b");
                }
            }
            assertThat(WorkerFixture.count(w, WorkerMetrics.JOINED, name)).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void joins_three_topics_and_a_repeat_replaces_its_slot_without_counting_twice(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), c = Topics.unique("c"), out = Topics.unique("out");
        String name = Topics.unique("w");
        topics.create(3, a, b, c, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b + "," + c, out, null, "30");
            Worker w = f.start(name);

            topics.send(a, "7", "{\"id\": 7, \"v\": \"a-first\"}");
            topics.send(a, "7", "{\"id\": 7, \"v\": \"a-second\"}");
            topics.send(b, "7", "{\"id\": 7, \"w\": \"b\"}");
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.RECORDS, name) >= 3);
            assertThat(topics.count(out)).as("two of three topics is not complete, however many parts").isZero();

            topics.send(c, "7", "{\"id\": 7, \"z\": \"c\"}");
            await().atMost(WAIT).until(() -> topics.count(out) >= 1);
            JsonNode m = json(topics.values(out).get(0));
            assertThat(m.get("id").isNumber()).as("a numeric id stays a number").isTrue();
            assertThat(m.at("/content/v").asText()).isEqualTo("a-second");
            assertThat(m.at("/content/z").asText()).isEqualTo("c");
            assertThat(m.at("/content/path").toString()).isEqualTo("[\"" + name + "\"]");
            assertThat(m.get("topics").toString()).isEqualTo("[\"" + a + "\",\"" + b + "\",\"" + c + "\"]");
        }
    }

    @ParameterizedTest
    @MethodSource("firstDatabase")
    void passes_a_single_topic_straight_through_to_every_output_keyed_by_id(TestDatabase db) throws Exception {
        String in = Topics.unique("in"), o1 = Topics.unique("o1"), o2 = Topics.unique("o2"), name = Topics.unique("w");
        topics.create(3, in, o1, o2);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, in, o1 + "," + o2, null, "30");
            Worker w = f.start(name);
            IntStream.range(0, 20).forEach(i -> topics.send(in, "k" + i, "{\"id\": \"id-" + i + "\", \"text\": \"one two\"}"));

            await().atMost(WAIT).until(() -> topics.count(o1) >= 20 && topics.count(o2) >= 20);
            for (String o : List.of(o1, o2)) {
                assertThat(topics.count(o)).isEqualTo(20);
                assertThat(topics.keys(o)).hasSize(20).allMatch(k -> k.startsWith("id-"));
                assertThat(topics.values(o)).allMatch(v -> json(v).at("/content/words").asInt() == 2);
            }
            assertThat(WorkerFixture.count(w, WorkerMetrics.SENT, name)).isEqualTo(40);
        }
    }

    @ParameterizedTest
    @MethodSource("firstDatabase")
    void dead_letters_every_kind_of_poison_record_while_good_records_keep_flowing(TestDatabase db) throws Exception {
        String in = Topics.unique("in"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, in, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, in, out, null, "30");
            Map<String, String> settings = f.settings(name);
            settings.put("MAX_RECORD_BYTES", "200");
            Worker w = f.start(settings);

            topics.send(in, "good-1", "{\"id\": \"g1\"}");
            topics.send(in, "p1", "{not json", Map.of("trace", "t-1"));
            topics.send(in, "p2", "[1, 2, 3]");
            topics.send(in, "p3", "{\"no_id\": true}");
            topics.send(in, "p4", "{\"id\": {\"nested\": 1}}");
            topics.send(in, "p5", "{\"id\": \"big\", \"pad\": \"" + "x".repeat(300) + "\"}");
            topics.send(in, "p6", (String) null);
            topics.send(in, "good-2", "{\"id\": \"g2\"}");

            String dlq = name + ".dlq";
            await().atMost(WAIT).until(() -> topics.count(out) >= 2);
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.DEAD_LETTERED, name) >= 6);
            List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(dlq);
            assertThat(dead).hasSize(6);
            assertThat(dead).extracting(r -> header(r, "dlq.error")).containsExactly(
                    "body is not JSON (line 1, column 2): Unexpected character ('n' (code 110)): was expecting double-quote to start field name",
                    "body is an array, not a JSON object",
                    "no usable id: field \"id\" is missing",
                    "no usable id: field \"id\" is an object, not a string or a number",
                    "record is 324 bytes, over the limit of 200 (MAX_RECORD_BYTES)",
                    "record has no value (a tombstone)");
            ConsumerRecord<byte[], byte[]> first = dead.get(0);
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).as("original bytes").isEqualTo("{not json");
            assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("p1");
            assertThat(header(first, "dlq.topic")).isEqualTo(in);
            assertThat(header(first, "dlq.partition")).isEqualTo("0");
            assertThat(header(first, "dlq.offset")).isEqualTo("1");
            assertThat(header(first, "dlq.worker")).isEqualTo(name);
            assertThat(header(first, "trace")).as("the record's own headers").isEqualTo("t-1");
            assertThat(topics.keys(out)).containsExactlyInAnyOrder("g1", "g2");
        }
    }

    @ParameterizedTest
    @MethodSource("firstDatabase")
    void a_processor_that_throws_sends_the_joined_message_to_the_dead_letter_topic(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "30");
            Worker w = startScripted(f, name, 3);

            // a processor failing twice for "flaky" is tried again and succeeds; "bad" fails every time
            topics.send(a, "flaky", "{\"id\": \"flaky\", \"failTimes\": 2}");
            topics.send(b, "flaky", "{\"id\": \"flaky\"}");
            topics.send(a, "bad", "{\"id\": \"bad\", \"fail\": true}");
            topics.send(b, "bad", "{\"id\": \"bad\", \"y\": 1}");
            topics.send(a, "none", "{\"id\": \"none\", \"drop\": true}");
            topics.send(b, "none", "{\"id\": \"none\"}");
            topics.send(a, "ok", "{\"id\": \"ok\"}");
            topics.send(b, "ok", "{\"id\": \"ok\"}");

            await().atMost(WAIT).until(() -> topics.count(out) >= 2 && topics.count(name + ".dlq") >= 1
                    && WorkerFixture.count(w, WorkerMetrics.NOTHING_TO_SEND, name) >= 1);
            assertThat(topics.keys(out)).containsExactlyInAnyOrder("ok", "flaky");
            ConsumerRecord<byte[], byte[]> dead = topics.readAll(name + ".dlq").get(0);
            assertThat(header(dead, "dlq.error")).isEqualTo(
                    "processor failed: java.lang.IllegalArgumentException: scripted failure for id bad");
            assertThat(header(dead, "dlq.source")).isEqualTo(a + "[0]@1," + b + "[0]@1");
            JsonNode joined = json(new String(dead.value(), StandardCharsets.UTF_8));
            assertThat(joined.at("/content/fail").asBoolean()).isTrue();
            assertThat(joined.at("/content/y").asInt()).isEqualTo(1);
            assertThat(WorkerFixture.count(w, WorkerMetrics.FAILED, name)).isEqualTo(1);
        }
    }

    /**
     * An Error from the processor used to unwind the consumer's thread out of camel-kafka, which stopped polling
     * without a word. Now a StackOverflowError is the failure of its message, dead-lettered as an exception would be,
     * and the ids after it go on.
     */
    @ParameterizedTest
    @MethodSource("firstDatabase")
    void a_processor_whose_stack_overflows_dead_letters_the_message_and_the_consumer_goes_on(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "30");
            Worker w = startScripted(f, name, 1);

            topics.send(a, "deep", "{\"id\": \"deep\", \"recurse\": true}");
            topics.send(b, "deep", "{\"id\": \"deep\"}");
            topics.send(a, "ok", "{\"id\": \"ok\"}");
            topics.send(b, "ok", "{\"id\": \"ok\"}");

            await().atMost(WAIT).until(() -> topics.count(out) >= 1 && topics.count(name + ".dlq") >= 1
                    && topics.committed(name) == 4);
            assertThat(topics.keys(out)).containsExactly("ok");
            ConsumerRecord<byte[], byte[]> dead = topics.readAll(name + ".dlq").get(0);
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("deep");
            assertThat(header(dead, "dlq.error")).isEqualTo("processor failed: java.lang.StackOverflowError in step"
                    + " ref:{{processor}} (its calls went deeper than the thread's stack)");
            assertThat(WorkerFixture.count(w, WorkerMetrics.FAILED, name)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void discards_an_incomplete_group_after_its_deadline_with_a_warning_and_a_count(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db); LogCapture log = new LogCapture(IncompleteGroups.class)) {
            f.addRow(name, a + "," + b, out, null, "2");
            Worker w = f.start(name);

            topics.send(a, "lonely", "{\"id\": \"lonely\"}");
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, name) >= 1);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN worker " + name + " discarded incomplete group id=lonely missing topics [" + b + "]"));

            // a part that comes after the deadline does not resurrect the group: it starts a new one
            topics.send(b, "lonely", "{\"id\": \"lonely\"}");
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, name) >= 2);
            assertThat(topics.count(out)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("firstDatabase")
    void parts_produced_further_apart_than_the_timeout_never_join_even_when_read_back_to_back(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        long t0 = System.currentTimeMillis() - 60_000;
        // given both topics full before the worker starts: parts of "far" are 10 s apart in record time, timeout 5 s
        topics.send(a, "far", "{\"id\": \"far\"}".getBytes(StandardCharsets.UTF_8), t0);
        topics.send(b, "far", "{\"id\": \"far\"}".getBytes(StandardCharsets.UTF_8), t0 + 10_000);
        topics.send(a, "near", "{\"id\": \"near\"}".getBytes(StandardCharsets.UTF_8), t0);
        topics.send(b, "near", "{\"id\": \"near\"}".getBytes(StandardCharsets.UTF_8), t0 + 4_000);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "5");
            Worker w = f.start(name);

            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, name) >= 2 && topics.count(out) >= 1);
            assertThat(topics.keys(out)).containsExactly("near");
            assertThat(WorkerFixture.count(w, WorkerMetrics.DISCARDED, name)).as("each part of far alone").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_group_in_flight_when_the_worker_stops_completes_exactly_once_after_restart(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "60");
            Worker first = f.start(name);
            topics.send(a, "r1", "{\"id\": \"r1\", \"half\": 1}");
            await().atMost(WAIT).until(() -> storedGroups(f, name) == 1);
            f.stop(first);

            Worker second = f.start(name);
            topics.send(b, "r1", "{\"id\": \"r1\", \"half\": 2}");
            topics.send(a, "marker", "{\"id\": \"marker\"}");
            topics.send(b, "marker", "{\"id\": \"marker\"}");
            await().atMost(WAIT).until(() -> topics.keys(out).contains("marker"));
            assertThat(topics.values(out).stream().filter(v -> json(v).get("id").asText().equals("r1"))).hasSize(1);
            assertThat(storedGroups(f, name)).isZero();
            assertThat(WorkerFixture.count(second, WorkerMetrics.RECORDS, name)).as("the stored part is not read again").isEqualTo(3);
        }
    }

    /**
     * Inputs partitioned by id: a new group waits in memory for its other part (JOIN_HOLD_MS), its record not
     * committed meanwhile; completed there, it never touches the join table.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void a_group_completed_while_held_in_memory_is_never_stored_and_its_record_is_committed_only_then(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "60");
            Map<String, String> settings = f.settings(name);
            settings.put("JOIN_HOLD_MS", "600000");
            Worker w = f.start(settings);
            topics.send(a, "early", "{\"id\": \"early\"}");
            topics.send(a, "marker", "{\"id\": \"marker\"}");
            topics.send(b, "marker", "{\"id\": \"marker\"}");
            await().atMost(WAIT).until(() -> topics.keys(out).contains("marker") && topics.committed(name, b) == 1);
            await().during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> topics.committed(name, a) == 0);

            topics.send(b, "early", "{\"id\": \"early\"}");
            await().atMost(WAIT).until(() -> topics.committed(name, a) == 2 && topics.committed(name, b) == 2);
            assertThat(topics.keys(out)).containsExactlyInAnyOrder("early", "marker");
            assertThat(storedGroups(f, name)).as("never stored").isZero();
            assertThat(db.rows(JoinRepository.tableFor(name) + "_done")).as("completed ids noted").isEqualTo(2);
            assertThat(WorkerFixture.count(w, WorkerMetrics.JOINED, name)).isEqualTo(2);
        }
    }

    /** A group held in memory that its other parts do not reach in JOIN_HOLD_MS is stored, and its record committed. */
    @ParameterizedTest
    @MethodSource("databases")
    void a_group_held_past_its_time_is_stored_and_its_record_committed_while_the_inputs_are_quiet(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "60");
            Map<String, String> settings = f.settings(name);
            settings.put("JOIN_HOLD_MS", "1000");
            f.start(settings);
            topics.send(a, "alone", "{\"id\": \"alone\"}");
            await().atMost(WAIT).until(() -> storedGroups(f, name) == 1);
            await().atMost(WAIT).until(() -> topics.committed(name) == 1);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_deadline_that_passed_while_the_worker_was_down_is_applied_right_after_start(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "30");
            // given a group stored by a worker whose deadline checks never ran, with a deadline already 30 s past
            Map<String, String> unchecked = f.settings(name);
            unchecked.put("DEADLINE_CHECK_MS", "3600000");
            Worker first = f.start(unchecked);
            topics.send(a, "late", "{\"id\": \"late\"}".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() - 60_000);
            await().atMost(WAIT).until(() -> storedGroups(f, name) == 1);
            f.stop(first);
            assertThat(WorkerFixture.count(first, WorkerMetrics.DISCARDED, name)).isZero();

            // when a worker starts again, it applies the stored deadline at once; a fresh timeout would take 30 s
            long started = System.nanoTime();
            Worker second = f.start(name);
            await().atMost(WAIT).until(() -> WorkerFixture.count(second, WorkerMetrics.DISCARDED, name) >= 1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(storedGroups(f, name)).isZero();
        }
    }

    /**
     * Parts made at T, an upstream worker that gets to them 30 s later, a downstream worker with a timeout of 10 s:
     * the upstream's output carries T, not the time it was sent, so downstream the parts are 0 s apart and join.
     */
    @ParameterizedTest
    @MethodSource("firstDatabase")
    void an_output_carries_its_groups_data_time_so_a_downstream_worker_judges_deadlines_on_it(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), x = Topics.unique("x"), out = Topics.unique("out");
        String upstream = Topics.unique("up"), downstream = Topics.unique("down");
        topics.create(1, a, b, x, out);
        long t = System.currentTimeMillis() - 30_000;
        for (int i = 0; i < 5; i++) {
            topics.send(a, "id-" + i, ("{\"id\": \"id-" + i + "\", \"via\": \"upstream\"}").getBytes(StandardCharsets.UTF_8), t);
            topics.send(b, "id-" + i, ("{\"id\": \"id-" + i + "\", \"direct\": true}").getBytes(StandardCharsets.UTF_8), t);
        }
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(upstream, a, x, null, "30");
            f.addRow(downstream, x + "," + b, out, null, "10");
            f.start(upstream);
            await().atMost(WAIT).until(() -> topics.count(x) >= 5);
            assertThat(topics.readAll(x)).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(t));

            Worker down = f.start(downstream);
            await().atMost(WAIT).until(() -> topics.count(out) >= 5 || WorkerFixture.count(down, WorkerMetrics.DISCARDED, downstream) > 0);
            assertThat(WorkerFixture.count(down, WorkerMetrics.DISCARDED, downstream)).isZero();
            assertThat(topics.keys(out)).containsExactlyInAnyOrder("id-0", "id-1", "id-2", "id-3", "id-4");
        }
    }

    /** A part that comes again after its group completed (an upstream retry, a re-read) is dropped and counted. */
    @ParameterizedTest
    @MethodSource("databases")
    void a_part_that_comes_again_after_its_group_completed_is_dropped_not_kept_to_expire(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        try (WorkerFixture f = new WorkerFixture(db)) {
            f.addRow(name, a + "," + b, out, null, "2");
            Worker w = f.start(name);
            long t = System.currentTimeMillis();
            byte[] part = "{\"id\": \"r\"}".getBytes(StandardCharsets.UTF_8);
            topics.send(a, "r", part, t);
            topics.send(b, "r", part, t);
            await().atMost(WAIT).until(() -> topics.count(out) >= 1);

            topics.send(a, "r", part, t);
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.REPEATED, name) >= 1);

            // a lonely part sent after the repeat expires after it: the repeat left no group to expire before it
            topics.send(a, "lonely", "{\"id\": \"lonely\"}");
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, name) >= 1);
            assertThat(WorkerFixture.count(w, WorkerMetrics.DISCARDED, name)).isEqualTo(1);
            assertThat(topics.count(out)).isEqualTo(1);
            assertThat(storedGroups(f, name)).isZero();
        }
    }

    /**
     * Records of a partition need not come in timestamp order: having read one from T + 31 s does not make a part
     * from T + 29 s, still unread behind it, "too late" for a group whose deadline is T + 30 s. The grace (5 s here)
     * holds the watermark back. Slow groups (a processor that takes 3 s) keep the consumer inside a poll while the
     * deadline check looks: first so that the second batch is produced before the first poll ends (the partition is
     * never caught up), then while x's part waits unread behind the second slow group.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void a_record_read_ahead_in_data_time_does_not_expire_a_group_whose_part_is_still_unread(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(1, a, b, out);
        long t = System.currentTimeMillis() - 60_000;
        byte[] slow = "{\"id\": \"slow\", \"sleepMs\": 3000}".getBytes(StandardCharsets.UTF_8);
        byte[] slower = "{\"id\": \"slower\", \"sleepMs\": 3000}".getBytes(StandardCharsets.UTF_8);
        // given x's first part at T and an unrelated record at T + 31 s on the other topic, read in one poll with a
        // slow group whose last part is the last record of that poll
        topics.send(a, "x", "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8), t);
        topics.send(a, "slow", slow, t + 31_000);
        topics.send(a, "slower", slower, t + 31_000);
        topics.send(b, "unrelated", "{\"id\": \"unrelated\"}".getBytes(StandardCharsets.UTF_8), t + 31_000);
        topics.send(b, "slow", slow, t + 31_000);
        try (WorkerFixture f = new WorkerFixture(db); LogCapture log = new LogCapture(IncompleteGroups.class)) {
            f.addRow(name, a + "," + b, out, null, "30");
            Map<String, String> settings = f.settings(name);
            settings.put("GRACE_MS", "5000");
            settings.put("PROCESSOR", "scriptedProcessor");
            Worker w = f.start(settings);
            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.RECORDS, name) >= 4);

            // when x's part on b comes, at T + 29 s, behind another slow group
            topics.send(b, "slower", slower, t + 31_000);
            topics.send(b, "x", "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8), t + 29_000);

            // then x joins: its group was not expired while its part waited unread
            await().atMost(WAIT).until(() -> topics.keys(out).contains("x") || discarded(log, "x"));
            assertThat(discarded(log, "x")).isFalse();
            assertThat(topics.keys(out)).containsExactlyInAnyOrder("slow", "slower", "x");
        }
    }

    private static boolean discarded(LogCapture log, String id) {
        return log.lines().stream().anyMatch(l -> l.contains(" discarded incomplete group id=" + id + " "));
    }

    private static int storedGroups(WorkerFixture f, String worker) {
        return f.database().rows(JoinRepository.tableFor(worker));
    }

    /** A worker of the fixture whose processor the messages script, trying a failed step again this often. */
    private static Worker startScripted(WorkerFixture f, String name, int redeliveries) throws Exception {
        Map<String, String> settings = f.settings(name);
        settings.put("PROCESSOR", "scriptedProcessor");
        settings.put("REDELIVERIES", String.valueOf(redeliveries));
        settings.put("REDELIVERY_DELAY_MS", "100");
        return f.start(settings);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
