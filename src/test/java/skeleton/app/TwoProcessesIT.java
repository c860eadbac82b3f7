package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.join.JoinRepository;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.TwoPartStream;
import skeleton.testing.WorkerFixture;
import skeleton.testing.WorkerProcess;

/**
 * Two processes of one worker share its partitions; one is SIGKILLed mid-stream and never comes back: the other
 * takes its partitions over and sends every id, repeating at most the polls the kill and the rebalance cut short,
 * and leaves nothing in the join table. Runs on the first selected server database (two processes share it).
 */
class TwoProcessesIT {

    private static final int IDS = 3_000;
    /** Polls in hand when the kill and the rebalance struck: one per process, at most 500 records each. */
    private static final int MAX_REPEATS = 2 * 500;


    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("skeleton.testing.TestDatabase#firstServer")
    void one_of_two_processes_killed_for_good_mid_stream_the_other_sends_every_id(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        try (WorkerFixture f = new WorkerFixture(db); Topics topics = new Topics(TestBroker.bootstrapServers());
             Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            topics.create(4, a, b, out);
            f.addRow(name, a + "," + b, out, null, "60");
            Map<String, String> env = f.settings(name);
            env.keySet().removeIf(k -> k.startsWith("camel."));

            try (WorkerProcess killed = WorkerProcess.start(env); WorkerProcess survivor = WorkerProcess.start(env)) {
                killed.awaitStarted(name);
                survivor.awaitStarted(name);
                await().atMost(Duration.ofSeconds(60)).until(() -> bothHoldPartitions(admin, name));

                int atKill;
                // the second half of the ids waits until the kill
                try (TwoPartStream stream = TwoPartStream.start(topics, a, b, IDS, IDS / 2)) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> stream.ok() && topics.count(out) >= IDS / 5);
                    assertThat(killed.kill()).as("SIGKILL").isEqualTo(137);
                    atKill = topics.keys(out).size();
                    stream.release();
                    stream.finish();
                }
                assertThat(atKill).as("killed mid-stream").isLessThan(IDS);

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> topics.keys(out).size() >= IDS);
                assertThat(survivor.isAlive()).isTrue();
                assertThat(survivor.terminate()).as("exit code after SIGTERM").isIn(0, 143);
            }
            Map<String, Long> copies = topics.readAll(out).stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(copies).hasSize(IDS);
            assertThat(copies.values()).allMatch(n -> n <= 2);
            assertThat(copies.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(MAX_REPEATS);
            assertThat(f.database().rows(JoinRepository.tableFor(name))).as("nothing left in the join table").isZero();
        }
    }

    private static boolean bothHoldPartitions(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return d.members().size() == 2 && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }
}
