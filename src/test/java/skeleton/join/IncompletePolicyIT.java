package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.app.Worker;
import skeleton.testing.LogCapture;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * INCOMPLETE_POLICY, per process and per worker: three workers of one process, each missing the same topic, one
 * discarding, one sending the parts on as partial, one keeping them on its expired topic.
 */
class IncompletePolicyIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void each_worker_treats_a_group_past_its_deadline_as_its_policy_says(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b");
        String discard = Topics.unique("discard"), partial = Topics.unique("partial"), expired = Topics.unique("expired");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             LogCapture log = new LogCapture(IncompleteGroups.class)) {
            topics.create(1, a, b);
            for (String w : List.of(discard, partial, expired)) {
                topics.create(1, w + "_out");
                f.addRow(w, a + "," + b, w + "_out", null, "2");
            }
            Map<String, String> settings = f.settings(discard + "," + partial + "," + expired);
            settings.put("INCOMPLETE_POLICY", "discard");
            settings.put("INCOMPLETE_POLICY_" + partial, "partial");
            settings.put("INCOMPLETE_POLICY_" + expired, "expired");
            Worker w = f.start(settings);

            // given a part on a whose part on b never comes
            topics.send(a, "lonely", "{\"id\": \"lonely\", \"from\": \"a\"}");

            await().atMost(WAIT).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, discard) >= 1
                    && topics.count(partial + "_out") >= 1 && topics.count(expired + ".expired") >= 1);

            assertThat(topics.count(discard + "_out")).isZero();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN worker " + discard + " discarded incomplete group id=lonely"));

            ConsumerRecord<byte[], byte[]> sent = topics.readAll(partial + "_out").get(0);
            assertThat(header(sent, "missingTopics")).isEqualTo(b);
            assertThat(new ObjectMapper().readTree(sent.value()).at("/content/from").asText()).isEqualTo("a");
            assertThat(WorkerFixture.count(w, WorkerMetrics.PARTIAL, partial)).isEqualTo(1);
            assertThat(WorkerFixture.count(w, WorkerMetrics.JOINED, partial)).isZero();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN worker " + partial + " sends incomplete group id=lonely"));

            ConsumerRecord<byte[], byte[]> kept = topics.readAll(expired + ".expired").get(0);
            assertThat(new String(kept.key(), StandardCharsets.UTF_8)).isEqualTo("lonely");
            assertThat(header(kept, "expired.missing")).isEqualTo(b);
            assertThat(header(kept, "expired.source")).isEqualTo(a + "[0]@0");
            assertThat(header(kept, "expired.reason")).startsWith("no part from [" + b + "] within 2 s");
            assertThat(WorkerFixture.count(w, WorkerMetrics.EXPIRED, expired)).isEqualTo(1);
            assertThat(topics.count(expired + "_out")).isZero();

            assertThat(WorkerFixture.count(w, WorkerMetrics.DISCARDED, partial) + WorkerFixture.count(w, WorkerMetrics.DISCARDED, expired))
                    .isZero();
            for (String name : List.of(discard, partial, expired)) {
                assertThat(f.database().rows(JoinRepository.tableFor(name))).as("nothing left of the group").isZero();
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
