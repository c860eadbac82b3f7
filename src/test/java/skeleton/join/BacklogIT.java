package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.app.Worker;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * A worker started on full topics must not discard what is complete in them, whichever topic it happens to read
 * first; and parts produced further apart than the timeout are discarded even when read back to back (one id in a
 * thousand). Runs on every selected database: 50,000 ids on the first, 5,000 on the others, to keep the run short.
 */
class BacklogIT {

    static List<Arguments> databases() {
        List<TestDatabase> dbs = TestDatabase.selected();
        return IntStream.range(0, dbs.size()).mapToObj(i -> Arguments.of(dbs.get(i), i == 0 ? 50_000 : 5_000)).toList();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void joins_every_complete_group_of_a_backlog_and_discards_none(TestDatabase db, int ids) throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            joinBacklog(topics, f, ids, Map.of());
        }
    }

    /**
     * Polls of 5,000 records, most of whose ids complete inside their poll: every id joins. Camel's reactive executor
     * nested the rest of a poll one level deeper for each group the aggregator completed, until the consumer's stack
     * overflowed and its thread stopped, silently, with the backlog unread.
     */
    @Test
    void polls_of_thousands_of_records_join_every_id(@TempDir Path routes) throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/routes/join-worker.camel.yaml"));
        assertThat(yaml).contains("maxPollRecords: 500\n");
        Files.writeString(routes.resolve("join-worker.camel.yaml"), yaml.replace("maxPollRecords: 500\n", "maxPollRecords: 5000\n"));
        try (Topics topics = new Topics(TestBroker.bootstrapServers());
                WorkerFixture f = new WorkerFixture(TestDatabase.selected().get(0))) {
            joinBacklog(topics, f, 20_000, Map.of("ROUTES_DIR", routes.toString()));
        }
    }

    /**
     * Three consumer threads share the partitions and store parts side by side, without the aggregator's lock: still
     * one output per id, and nothing left in the repository's tables once the completed ids can be forgotten.
     */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void three_consumer_threads_join_each_id_once_and_leave_no_group_behind(TestDatabase db) throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            String table = JoinRepository.tableFor(joinBacklog(topics, f, 5_000, Map.of("CONSUMER_THREADS", "3")));
            assertThat(db.rows(table)).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.rows(table + "_done") == 0);
        }
    }

    /**
     * Joins a backlog of two-part ids with a new worker of the fixture and these settings besides, left running;
     * returns the worker's name.
     */
    private static String joinBacklog(Topics topics, WorkerFixture f, int ids, Map<String, String> extra) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        topics.create(3, a, b, out);
        // given an hour-old backlog: one id every 10 ms of data time, its second part 0 to 900 ms after its first,
        // but 10 s after it for one id in a thousand (the timeout is 5 s: those never join)
        long t0 = System.currentTimeMillis() - 3_600_000;
        int far = 0;
        for (int i = 0; i < ids; i++) {
            long ts = t0 + i * 10L;
            String key = "id-" + i;
            boolean apart = i % 1000 == 500;
            far += apart ? 1 : 0;
            topics.sendAsync(a, key, "{\"id\": \"" + key + "\", \"a\": " + i + "}", ts);
            topics.sendAsync(b, key, "{\"id\": \"" + key + "\", \"b\": " + i + "}", ts + (apart ? 10_000L : (i % 10) * 100L));
            if (i % 10_000 == 9_999) {
                topics.flush();
            }
        }
        topics.flush();
        f.addRow(name, a + "," + b, out, null, "5");

        Map<String, String> settings = f.settings(name);
        settings.putAll(extra);
        int consumerThreads = Integer.parseInt(settings.getOrDefault("CONSUMER_THREADS", "1"));
        Worker w = f.start(settings);
        if (consumerThreads > 1) {
            // each consumer thread is a member of the worker's group with partitions of its own
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeConsumerGroups(List.of(name)).all()
                        .get().get(name).members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
                        .count() == consumerThreads);
            }
        }

        int joinable = ids - far;
        // a worker that stops sending for a minute has stalled: fail then, not after the whole budget
        double[] sentBefore = {-1};
        long[] since = {System.nanoTime()};
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            double sent = WorkerFixture.count(w, WorkerMetrics.SENT, name);
            if (sent != sentBefore[0]) {
                sentBefore[0] = sent;
                since[0] = System.nanoTime();
            }
            assertThat(System.nanoTime() - since[0]).as("nanoseconds without an output, at %.0f of %d sent", sent, joinable)
                    .isLessThan(Duration.ofSeconds(60).toNanos());
            return sent >= joinable;
        });
        Set<String> keys = topics.keys(out);
        assertThat(keys).hasSize(joinable);
        assertThat(keys).contains("id-0", "id-" + (ids - 1)).doesNotContain("id-500");
        assertThat(topics.count(out)).as("outputs, one per id").isEqualTo(joinable);
        assertThat(WorkerFixture.count(w, WorkerMetrics.JOINED, name)).isEqualTo(joinable);
        int apart = far;
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, name) >= 2 * apart);
        assertThat(WorkerFixture.count(w, WorkerMetrics.DISCARDED, name)).as("each part of the far ids alone, nothing else")
                .isEqualTo(2 * apart);
        return name;
    }
}
