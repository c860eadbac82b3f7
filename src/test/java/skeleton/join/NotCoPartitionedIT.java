package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.app.Worker;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;
import skeleton.testing.WorkerProcess;

/**
 * The join does not need its inputs co-partitioned by id: topic a has 3 partitions, topic b 6, and every part is keyed
 * by a random key, so the two parts of an id land on unrelated partitions, read by different consumers (threads of one
 * process, or two processes), which meet only in the shared join table. 3,000 ids are produced while the worker runs,
 * both parts of an id together, spread over 10 s of data time: twice the 5 s timeout, so deadlines are judged while
 * parts are in flight and a group judged on the wrong watermark would be discarded. No fault is injected: every id
 * must come out once, from both topics, nothing discarded or dead-lettered, the join table empty at the end. Runs on
 * the first selected server database (the two processes share it).
 */
class NotCoPartitionedIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDS = 3_000;
    /** The stream: 30 ids every 100 ms, 10 s in all. */
    private static final int IDS_PER_TICK = 30;
    private static final long TICK_MS = 100;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("skeleton.testing.TestDatabase#firstServer")
    void three_consumer_threads_join_parts_of_one_id_read_by_different_consumers(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            createInputs(topics, a, b, out);
            f.addRow(name, a + "," + b, out, null, "5");
            Map<String, String> settings = f.settings(name);
            settings.put("CONSUMER_THREADS", "3");
            Worker w = f.start(settings);

            // given three consumers, each with partitions of both topics
            Map<TopicPartition, String> consumerOf = awaitAssignment(admin, name, 3, MemberDescription::consumerId);

            // when both parts of each id are produced close together, under unrelated keys
            try (PartStream stream = PartStream.start(topics, a, b)) {
                await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .failFast("a group was discarded, expired, sent as partial or dead-lettered", () -> assertThat(
                                lost(w, name)).as("discarded + expired + partial + dead-lettered + failed").isZero())
                        .until(() -> stream.finished() && topics.keys(out).size() >= IDS);
            }

            // then the parts of most ids were read by different consumers ...
            assertThat(splitIds(topics, a, b, consumerOf)).as("ids whose two parts two different consumers read")
                    .isGreaterThan(IDS / 4);
            // ... and still every id joined once, from both topics, nothing lost on the way
            SoftAssertions softly = joinedOnceEach(topics, out, a, b, db, name);
            softly.assertThat(WorkerFixture.count(w, WorkerMetrics.JOINED, name)).as("groups joined").isEqualTo(IDS);
            softly.assertThat(WorkerFixture.count(w, WorkerMetrics.SENT, name)).as("results sent").isEqualTo(IDS);
            softly.assertThat(lost(w, name)).as("discarded + expired + partial + dead-lettered + failed").isZero();
            softly.assertAll();
        }
    }

    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("skeleton.testing.TestDatabase#firstServer")
    void two_processes_join_parts_of_one_id_read_by_different_processes(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            createInputs(topics, a, b, out);
            f.addRow(name, a + "," + b, out, null, "5");
            Map<String, String> env = f.settings(name);
            env.keySet().removeIf(k -> k.startsWith("camel."));
            env.put("CONSUMER_THREADS", "3");

            try (WorkerProcess one = WorkerProcess.start(env); WorkerProcess two = WorkerProcess.start(env)) {
                one.awaitStarted(name);
                two.awaitStarted(name);
                // given six consumers, three in each process (the client id names the process), all with partitions
                Map<TopicPartition, String> processOf = awaitAssignment(admin, name, 6, MemberDescription::clientId);
                assertThat(processOf.values().stream().distinct().count()).as("processes holding partitions").isEqualTo(2);

                // when both parts of each id are produced close together, under unrelated keys
                try (PartStream stream = PartStream.start(topics, a, b)) {
                    await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                            .failFast("a group was discarded, sent as partial or a record dead-lettered",
                                    () -> assertThat(lostLines(one, two)).isEmpty())
                            .until(() -> stream.finished() && topics.keys(out).size() >= IDS);
                }

                // then the parts of many ids were read by different processes ...
                assertThat(splitIds(topics, a, b, processOf)).as("ids whose two parts the two processes read, one each")
                        .isGreaterThan(IDS / 4);
                // ... and still every id joined once, from both topics, nothing lost on the way
                SoftAssertions softly = joinedOnceEach(topics, out, a, b, db, name);
                assertThat(one.isAlive() && two.isAlive()).as("both processes still run").isTrue();
                softly.assertThat(one.terminate()).as("exit code after SIGTERM").isIn(0, 143);
                softly.assertThat(two.terminate()).as("exit code after SIGTERM").isIn(0, 143);
                softly.assertThat(lostLines(one, two)).as("discarded, partial or dead-lettered, as the processes logged it")
                        .isEmpty();
                softly.assertAll();
            }
        }
    }

    private static void createInputs(Topics topics, String a, String b, String out) {
        topics.create(3, a);
        topics.create(6, b);
        topics.create(3, out);
    }

    /** What a worker lost or set aside instead of joining, by its counters. */
    private static double lost(Worker w, String name) {
        return WorkerFixture.count(w, WorkerMetrics.DISCARDED, name) + WorkerFixture.count(w, WorkerMetrics.EXPIRED, name)
                + WorkerFixture.count(w, WorkerMetrics.PARTIAL, name) + WorkerFixture.count(w, WorkerMetrics.DEAD_LETTERED, name)
                + WorkerFixture.count(w, WorkerMetrics.FAILED, name);
    }

    /** The lines of the processes that report a group discarded, sent on incomplete, or anything dead-lettered. */
    private static List<String> lostLines(WorkerProcess... processes) {
        return Arrays.stream(processes).flatMap(p -> p.lines().stream())
                .filter(l -> l.contains("discarded incomplete group") || l.contains("sends incomplete group")
                        || l.contains("dead-lettered"))
                .toList();
    }

    /**
     * Every id on the output once, keyed by its id, merging its part of each topic; no dead letters; the join table
     * empty once the last poll is stored: soft assertions, for the caller to add its own and report all at once.
     */
    private static SoftAssertions joinedOnceEach(Topics topics, String out, String a, String b, TestDatabase db, String name)
            throws Exception {
        String table = JoinRepository.tableFor(name);
        await().atMost(Duration.ofSeconds(60)).until(() -> db.rows(table) == 0);
        List<ConsumerRecord<byte[], byte[]>> records = topics.readAll(out);
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = records.stream()
                .collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8)));
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(byId.keySet()).as("ids joined").containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, IDS).mapToObj(i -> "id-" + i).toList());
        List<String> repeated = byId.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        long differing = repeated.stream().map(byId::get).filter(copies -> copies.stream()
                .map(r -> r.timestamp() + " " + new String(r.value(), StandardCharsets.UTF_8)).distinct().count() > 1).count();
        softly.assertThat(repeated.size()).as("ids sent more than once: %d of %d ids, %d records too many, up to %d copies"
                        + " of one id, %d of them differing in payload or timestamp; e.g. %s", repeated.size(), IDS,
                records.size() - byId.size(), byId.values().stream().mapToInt(List::size).max().orElse(0), differing,
                repeated.subList(0, Math.min(10, repeated.size()))).isZero();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode m = JSON.readTree(r.value());
            String id = new String(r.key(), StandardCharsets.UTF_8);
            String n = id.substring("id-".length());
            softly.assertThat(m.get("id").asText()).isEqualTo(id);
            softly.assertThat(m.get("topics").toString()).as("topics of %s", id).isEqualTo("[\"" + a + "\",\"" + b + "\"]");
            softly.assertThat(m.at("/content/a").asText()).as("part a of %s", id).isEqualTo(n);
            softly.assertThat(m.at("/content/b").asText()).as("part b of %s", id).isEqualTo(n);
        }
        softly.assertThat(topics.count(name + ".dlq")).as("dead letters").isZero();
        softly.assertThat(db.rows(table)).as("nothing left in the join table").isZero();
        return softly;
    }

    /**
     * Waits until the worker's group has {@code members} members, each holding partitions, and every input partition is
     * held; returns who holds each partition ({@code who}: the member, or its process).
     */
    private static Map<TopicPartition, String> awaitAssignment(Admin admin, String group, int members,
                                                               Function<MemberDescription, String> who) {
        Map<TopicPartition, String> owners = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            owners.clear();
            // the input partitions (the worker's replay topic is read too)
            d.members().forEach(m -> m.assignment().topicPartitions().stream().filter(tp -> !tp.topic().endsWith(".replay"))
                    .forEach(tp -> owners.put(tp, who.apply(m))));
            return d.members().size() == members && owners.size() == 9
                    && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        });
        return Map.copyOf(owners);
    }

    /** How many ids had their part on a and their part on b read by different owners (the assignment at the start). */
    private static long splitIds(Topics topics, String a, String b, Map<TopicPartition, String> owners) throws Exception {
        Map<String, String> ownerOfA = ownerById(topics, a, owners);
        Map<String, String> ownerOfB = ownerById(topics, b, owners);
        assertThat(ownerOfA).as("parts on " + a).hasSize(IDS);
        assertThat(ownerOfB).as("parts on " + b).hasSize(IDS);
        return ownerOfA.entrySet().stream().filter(e -> !e.getValue().equals(ownerOfB.get(e.getKey()))).count();
    }

    private static Map<String, String> ownerById(Topics topics, String topic, Map<TopicPartition, String> owners)
            throws Exception {
        Map<String, String> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : topics.readAll(topic)) {
            byId.put(JSON.readTree(r.value()).get("id").asText(), owners.get(new TopicPartition(topic, r.partition())));
        }
        return byId;
    }

    /**
     * Upstream services producing while the worker runs: {@value #IDS_PER_TICK} ids every {@value #TICK_MS} ms, each
     * with a part on a and one on b sent together (in a random order), each part under its own random key.
     */
    private static final class PartStream implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicInteger next = new AtomicInteger();
        private final SplittableRandom random = new SplittableRandom();

        static PartStream start(Topics topics, String a, String b) {
            PartStream s = new PartStream();
            s.timer.scheduleAtFixedRate(() -> s.tick(topics, a, b), 0, TICK_MS, TimeUnit.MILLISECONDS);
            return s;
        }

        private void tick(Topics topics, String a, String b) {
            if (done.isDone()) {
                return;
            }
            try {
                int from = next.get(), to = Math.min(IDS, from + IDS_PER_TICK);
                for (int i = from; i < to; i++) {
                    String id = "id-" + i;
                    String partA = "{\"id\": \"" + id + "\", \"a\": " + i + "}";
                    String partB = "{\"id\": \"" + id + "\", \"b\": " + i + "}";
                    if (random.nextBoolean()) {
                        topics.sendAsync(a, key(), partA, null);
                        topics.sendAsync(b, key(), partB, null);
                    } else {
                        topics.sendAsync(b, key(), partB, null);
                        topics.sendAsync(a, key(), partA, null);
                    }
                }
                next.set(to);
                if (to == IDS) {
                    topics.flush();
                    done.complete(null);
                }
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }

        private String key() {
            return "k-" + Long.toHexString(random.nextLong());
        }

        /** True once every part is sent and acknowledged; throws the producer's failure. */
        boolean finished() {
            if (done.isCompletedExceptionally()) {
                done.join();
            }
            return done.isDone();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
