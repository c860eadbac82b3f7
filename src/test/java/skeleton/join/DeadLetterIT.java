package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.testing.LogCapture;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/** Records that are hard to dead-letter still reach the dead-letter topic, and consumption goes on. */
class DeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void a_record_too_large_to_dead_letter_whole_goes_without_its_value_and_a_long_id_is_refused(TestDatabase db) throws Exception {
        String in = Topics.unique("in"), out = Topics.unique("out"), name = Topics.unique("w");
        String dlq = name + ".dlq";
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            topics.create(1, in, out);
            f.addRow(name, in, out, null, "30");
            f.start(name);

            // given a record just under the size limits that is not JSON: with the dead-letter headers it is too large
            byte[] junk = new byte[1_048_400];
            Arrays.fill(junk, (byte) 'x');
            topics.send(in, "big", junk, null);
            topics.send(in, "long-id", "{\"id\": " + "9".repeat(300) + "}");
            topics.send(in, "good", "{\"id\": \"good\"}");

            await().atMost(WAIT).until(() -> topics.count(out) >= 1 && topics.count(dlq) >= 2);
            assertThat(topics.keys(out)).containsExactly("good");
            List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(dlq);
            assertThat(dead).hasSize(2);
            ConsumerRecord<byte[], byte[]> big = dead.get(0);
            assertThat(new String(big.key(), StandardCharsets.UTF_8)).isEqualTo("big");
            assertThat(big.value()).isNull();
            assertThat(header(big, "dlq.error")).startsWith("body is not JSON");
            assertThat(header(big, "dlq.source")).isEqualTo(in + "[0]@0");
            assertThat(header(big, "dlq.note")).startsWith("value of 1048400 bytes left out");
            assertThat(header(dead.get(1), "dlq.error"))
                    .isEqualTo("no usable id: field \"id\" is a number of 300 characters, longer than 255");
        }
    }

    /**
     * The records of a poll that come after a dead-lettered one stay in the poll's unit of work: here the parts of
     * x around two unusable records, all in one poll, join once, and the poll is stored and committed on its first try.
     */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void records_after_a_dead_lettered_one_in_the_same_poll_join_in_that_poll(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             LogCapture log = new LogCapture(PollPolicy.class)) {
            topics.create(1, a, b, out);
            f.addRow(name, a + "," + b, out, null, "30");
            // whichever partition the poll lists first, a part of x comes after an unusable record
            topics.send(a, "x", "{\"id\": \"x\", \"from\": \"a\"}");
            topics.send(a, "bad-a", "not json");
            topics.send(b, "bad-b", "not json");
            topics.send(b, "x", "{\"id\": \"x\", \"from\": \"b\"}");
            f.start(name);

            await().atMost(WAIT).until(() -> topics.count(out) >= 1 && topics.count(name + ".dlq") >= 2
                    && topics.committed(name) == 4);
            assertThat(topics.keys(out)).containsExactly("x");
            assertThat(topics.count(out)).isEqualTo(1);
            assertThat(log.lines()).noneMatch(l -> l.startsWith("ERROR"));
            assertThat(f.database().rows(JoinRepository.tableFor(name))).isZero();
        }
    }


    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void the_dead_letter_topic_exists_once_the_worker_has_started(TestDatabase db) throws Exception {
        String in = Topics.unique("in"), out = Topics.unique("out"), name = Topics.unique("w");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            topics.create(1, in, out);
            f.addRow(name, in, out, null, "30");
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(name + ".dlq");

            f.start(name);

            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(name + ".dlq");
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
