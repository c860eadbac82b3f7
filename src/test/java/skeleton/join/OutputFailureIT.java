package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.testing.LogCapture;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * A result the broker refuses is never skipped: it is tried again, then dead-lettered with the error; and when the
 * dead-letter topic refuses it too, its poll is read again until one of them takes it. Here the topics refuse every
 * record for a while (their {@code max.message.bytes} lowered, then restored), as a broker under a bad config change
 * would.
 */
class OutputFailureIT {

    private static final int IDS = 50;

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void results_refused_by_the_output_and_the_dead_letter_topic_are_never_lost(TestDatabase db) throws Exception {
        String in = Topics.unique("in"), out = Topics.unique("out"), name = Topics.unique("w");
        String dlq = name + ".dlq";
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             LogCapture log = new LogCapture(PollPolicy.class); Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            topics.create(1, in, out, dlq);
            f.addRow(name, in, out, null, "30");
            Map<String, String> settings = f.settings(name);
            settings.put("REDELIVERIES", "2");
            settings.put("REDELIVERY_DELAY_MS", "200");
            // a batch of records a topic refuses is split and tried again by the Kafka producer until this timeout
            settings.put("DELIVERY_TIMEOUT_MS", "3000");
            f.start(settings);

            // given an output topic and a dead-letter topic that refuse every record
            refuse(admin, true, out, dlq);
            for (int i = 0; i < IDS; i++) {
                topics.send(in, "id-" + i, "{\"id\": \"id-" + i + "\", \"text\": \"refused for a while\"}");
            }
            // while they refuse, the worker tries, gives its poll up and reads it again, and commits nothing
            await().atMost(Duration.ofSeconds(60)).until(() -> log.lines().stream().anyMatch(
                    l -> l.startsWith("ERROR worker " + name + ": a poll of") && l.contains("is read again")));
            assertThat(committed(admin, name, in)).as("nothing committed while no result could be placed").isZero();
            assertThat(topics.count(out) + topics.count(dlq)).isZero();

            // when they take records again
            refuse(admin, false, out, dlq);

            // then every id is on the output or dead-lettered with the error, and every offset is committed
            await().atMost(Duration.ofSeconds(90)).until(() -> placed(topics, out, dlq).size() >= IDS);
            assertThat(placed(topics, out, dlq)).hasSize(IDS);
            for (ConsumerRecord<byte[], byte[]> r : topics.readAll(dlq)) {
                assertThat(header(r, "dlq.error")).startsWith("sending to " + out + " failed: ").contains("RecordTooLarge");
                assertThat(header(r, "dlq.source")).startsWith(in + "[0]@");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, name, in) == IDS);
        }
    }

    private static Set<String> placed(Topics topics, String out, String dlq) {
        Set<String> ids = new HashSet<>(topics.keys(out));
        ids.addAll(topics.keys(dlq));
        return ids;
    }

    /** Makes the topics refuse every record (a message size limit of 10 bytes), or take them again. */
    private static void refuse(Admin admin, boolean refuse, String... topics) throws Exception {
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new java.util.HashMap<>();
        for (String t : topics) {
            ConfigEntry limit = new ConfigEntry("max.message.bytes", "10");
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t),
                    List.of(new AlterConfigOp(limit, refuse ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE)));
        }
        admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
        return o == null ? 0 : o.offset();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
