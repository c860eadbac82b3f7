package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import skeleton.app.Worker;
import skeleton.testing.BrokerProcess;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.TwoPartStream;
import skeleton.testing.WorkerFixture;

/**
 * The broker frozen for 20 s (SIGSTOP of its own JVM: connections open, nothing answered) while parts flow: the worker
 * stays up, and once the broker answers again every id is joined, with repeats only of identical results.
 */
class BrokerFreezeIT {

    private static final int IDS = 2_000;

    @Test
    void a_worker_rides_out_a_broker_frozen_for_20_s_and_loses_nothing() throws Exception {
        String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
        try (BrokerProcess broker = BrokerProcess.start(); Topics topics = new Topics(broker.bootstrapServers());
             WorkerFixture f = new WorkerFixture(TestDatabase.selected().get(0))) {
            topics.create(3, a, b, out);
            f.addRow(name, a + "," + b, out, null, "300");
            Map<String, String> settings = f.settings(name);
            settings.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            Worker w = f.start(settings);

            // given a stream of ids under way
            try (TwoPartStream stream = TwoPartStream.start(topics, a, b, IDS)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.ok() && topics.count(out) >= IDS / 10);

                // when the broker freezes for 20 s: the scenario's length, not a wait for a condition
                broker.freeze();
                Thread.sleep(20_000);
                broker.thaw();
                stream.finish();
            }

            // then the worker is still up and every id is joined
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> topics.keys(out).size() >= IDS);
            assertThat(w.context().getRouteController().getRouteStatus(name)).isEqualTo(ServiceStatus.Started);
            assertThat(WorkerFixture.count(w, WorkerMetrics.DISCARDED, name)).isZero();
            assertThat(WorkerFixture.count(w, WorkerMetrics.DEAD_LETTERED, name) + WorkerFixture.count(w, WorkerMetrics.FAILED, name))
                    .isZero();
        }
    }
}
