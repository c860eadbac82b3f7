package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.app.Worker;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * Groups missing a topic expire in data time where each process alone cannot know it: two processes of one worker
 * sharing the partitions of busy topics, and a transactional upstream whose commit markers keep the group's commit
 * short of the partition's end. The two-process test runs on one database (the first selected): the claim that
 * settles two checks judging one group is tested on each in {@link JoinRepositoryIT}.
 */
class ExpiryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static List<TestDatabase> first() {
        return TestDatabase.selected().subList(0, 1);
    }

    @ParameterizedTest
    @MethodSource("first")
    void two_processes_of_one_worker_expire_groups_while_their_topics_stay_busy(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("busy");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            topics.create(2, a, b, out);
            f.addRow(name, a + "," + b, out, null, "2");
            Map<String, String> settings = f.settings(name);
            settings.put("PROCESSOR", "scriptedProcessor");
            settings.put("INCOMPLETE_POLICY", "expired");
            settings.put("GRACE_MS", "0");
            Worker first = f.start(settings);
            Worker second = f.start(settings);

            // given both processes joining, each from its own partitions
            AtomicBoolean busy = new AtomicBoolean(true);
            ExecutorService producer = Executors.newSingleThreadExecutor();
            Future<?> producing = producer.submit(() -> {
                // more than the two processes can join (each join takes 10 ms): the topics stay busy, the group behind
                for (int i = 0; busy.get(); i++) {
                    String json = "{\"id\": \"pair-" + i + "\", \"sleepMs\": 10}";
                    topics.sendAsync(a, "pair-" + i, json, null);
                    topics.sendAsync(b, "pair-" + i, json, null);
                    Thread.sleep(2);
                }
                topics.flush();
                return null;
            });
            try {
                await().atMost(WAIT).until(() -> WorkerFixture.count(first, WorkerMetrics.JOINED, name) > 0
                        && WorkerFixture.count(second, WorkerMetrics.JOINED, name) > 0);

                // when parts on a whose parts on b never come arrive while both topics stay busy
                Set<String> lonely = IntStream.range(0, 10).mapToObj(i -> "lonely-" + i).collect(Collectors.toSet());
                lonely.forEach(id -> topics.send(a, id, "{\"id\": \"" + id + "\"}"));

                // then each expires, judged by whichever process reads it, while both topics are still behind
                await().atMost(WAIT).until(() -> topics.keys(name + ".expired").containsAll(lonely));
                assertThat(lag(admin, name, List.of(a, b))).as("the worker's group is still behind on its topics").isPositive();
            } finally {
                busy.set(false);
                producing.get();
                producer.shutdown();
            }
            assertThat(topics.keys(out)).noneMatch(id -> id.startsWith("lonely"));
            double expired = WorkerFixture.count(first, WorkerMetrics.EXPIRED, name) + WorkerFixture.count(second, WorkerMetrics.EXPIRED, name);
            assertThat(expired).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void a_group_expires_when_its_missing_topic_ends_in_a_transaction_marker(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("tx");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            topics.create(1, a, b, out);
            f.addRow(name, a + "," + b, out, null, "2");
            Map<String, String> settings = f.settings(name);
            settings.put("INCOMPLETE_POLICY", "expired");
            settings.put("GRACE_MS", "0");
            Worker w = f.start(settings);

            // given an upstream that writes in transactions: a pair, and a part on a whose part on b never comes
            try (KafkaProducer<String, String> tx = transactional()) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>(a, "pair", "{\"id\": \"pair\"}"));
                tx.send(new ProducerRecord<>(b, "pair", "{\"id\": \"pair\"}"));
                tx.send(new ProducerRecord<>(a, "lonely", "{\"id\": \"lonely\"}"));
                tx.commitTransaction();
            }

            // then the pair joins, and the lonely part expires once its deadline passes on the clock: the marker
            // after the last record of b is no record the worker could still read
            await().atMost(WAIT).until(() -> topics.keys(out).contains("pair") && topics.keys(name + ".expired").contains("lonely"));
            assertThat(WorkerFixture.count(w, WorkerMetrics.EXPIRED, name)).isEqualTo(1);
            assertThat(new String(topics.readAll(name + ".expired").get(0).value(), StandardCharsets.UTF_8)).contains("lonely");
        }
    }

    private static KafkaProducer<String, String> transactional() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, Topics.unique("upstream")),
                new StringSerializer(), new StringSerializer());
    }

    /** How many records of these topics the consumer group has not committed yet. */
    private static long lag(Admin admin, String group, List<String> topicNames) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> partitions = new HashSet<>();
        for (var d : admin.describeTopics(topicNames).allTopicNames().get().values()) {
            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        }
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
