package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.app.Worker;
import skeleton.testing.LogCapture;
import skeleton.testing.TcpProxy;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * The join tables unreachable for 60 s (the worker's database connections go through a TCP proxy the test cuts):
 * the worker waits and tries again, stays up, and once the database is back every id is joined, with no more
 * repeats than one poll's worth. Runs on the first selected server database (H2 in this JVM cannot be cut off).
 */
class StoreOutageIT {

    private static final int IDS = 2_000;


    @ParameterizedTest(allowZeroInvocations = true)
    @MethodSource("skeleton.testing.TestDatabase#firstServer")
    void a_worker_waits_out_a_60_s_database_outage_and_loses_nothing(TestDatabase db) throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        int port = Integer.parseInt(db.url().replaceAll(".*://[^:]+:(\\d+)/.*", "$1"));
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db);
             TcpProxy proxy = new TcpProxy("127.0.0.1", port); LogCapture log = new LogCapture(PollPolicy.class);
             LogCapture retries = new LogCapture(org.apache.camel.processor.errorhandler.DeadLetterChannel.class)) {
            topics.create(3, a, b, out);
            f.addRow(name, a + "," + b, out, null, "300");
            Map<String, String> settings = f.settings(name);
            settings.put("DB_URL", db.url().replace(":" + port + "/", ":" + proxy.port() + "/"));
            Worker w = f.start(settings);

            // given a stream of ids, half of them through before the database goes away
            send(topics, a, b, 0, IDS / 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.count(out) >= IDS / 4);
            long cut = System.nanoTime();
            proxy.cut();
            send(topics, a, b, IDS / 2, IDS);
            // the worker notices, and waits, trying again: nothing is dead-lettered for the outage
            await().atMost(Duration.ofSeconds(60)).until(() -> log.lines().stream().anyMatch(l -> l.contains("cannot store the poll"))
                    || retries.lines().stream().anyMatch(l -> l.contains("Failed delivery")));
            // the outage lasts 60 s: the scenario's length, not a wait for a condition
            Thread.sleep(Math.max(0, Duration.ofSeconds(60).minusNanos(System.nanoTime() - cut).toMillis()));
            assertThat(w.context().getRouteController().getRouteStatus(name)).isEqualTo(ServiceStatus.Started);
            assertThat(topics.keys(out)).as("not every id can join while the database is away").hasSizeLessThan(IDS);

            // when it is back
            proxy.restore();

            // then every id is joined, none dead-lettered, with at most one poll's worth of repeats
            await().atMost(Duration.ofSeconds(120)).until(() -> topics.keys(out).size() >= IDS);
            assertThat(topics.count(out) - IDS).as("repeats").isLessThanOrEqualTo(500);
            assertThat(WorkerFixture.count(w, WorkerMetrics.DEAD_LETTERED, name) + WorkerFixture.count(w, WorkerMetrics.FAILED, name))
                    .isZero();
            assertThat(WorkerFixture.count(w, WorkerMetrics.DISCARDED, name)).isZero();
        }
    }

    private static void send(Topics topics, String a, String b, int from, int to) {
        for (int i = from; i < to; i++) {
            String key = "id-" + i;
            topics.sendAsync(a, key, "{\"id\": \"" + key + "\", \"a\": " + i + "}", null);
            topics.sendAsync(b, key, "{\"id\": \"" + key + "\", \"b\": " + i + "}", null);
        }
        topics.flush();
    }
}
