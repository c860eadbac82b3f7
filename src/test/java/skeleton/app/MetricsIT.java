package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.join.WorkerMetrics;
import skeleton.testing.HeldPort;
import skeleton.testing.PrometheusServer;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * A real Prometheus scrapes a worker's {@code /observe/metrics} on its plain-HTTP {@code MANAGEMENT_PORT}: the lag of
 * its input partitions rises with a backlog and falls to 0 once the worker has caught up; the worker's counters and
 * gauges (dead letters by reason, discards by missing topic, processor and send times, watermark delay, groups in
 * flight), Camel's route metrics and JVM metrics are in the same scrape; readiness follows the worker's consumer;
 * neither the scrape nor the health JSON shows a secret.
 */
class MetricsIT {

    private static final int IDS = 3_000;

    @Test
    void prometheus_sees_the_lag_of_a_backlog_fall_to_zero_once_the_worker_caught_up() throws Exception {
        TestDatabase db = TestDatabase.selected().get(0);
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            String a = Topics.unique("a"), b = Topics.unique("b"), out = Topics.unique("out"), name = Topics.unique("w");
            topics.create(3, a, b, out);
            f.addRow(name, a + "," + b, out, null, "30");
            Map<String, String> settings = f.settings(name);
            settings.put("PROCESSOR", "scriptedProcessor");
            int port;
            try (HeldPort held = new HeldPort()) {
                port = held.release();
            }
            settings.put("MANAGEMENT_PORT", Integer.toString(port));
            var w = f.start(settings);
            try (PrometheusServer prometheus = PrometheusServer.start(port, Management.METRICS_PATH)) {
                String lag = "worker_consumer_lag_records{worker=\"" + name + "\"}";
                // every input partition has its series once the consumer has fetched from it, and the replay topic's
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> prometheus.query(lag).size() == 7);

                // a backlog the worker needs a few seconds for: each result takes the processor 2 ms
                for (int i = 0; i < IDS; i++) {
                    topics.sendAsync(a, "id-" + i, "{\"id\": \"id-" + i + "\", \"sleepMs\": 2}", null);
                    topics.sendAsync(b, "id-" + i, "{\"id\": \"id-" + i + "\", \"b\": " + i + "}", null);
                }
                // a record that is not JSON (dead-lettered) and a part whose partner never comes (discarded)
                topics.send(a, "bad", "not json");
                topics.sendAsync(a, "alone", "{\"id\": \"alone\"}", System.currentTimeMillis() - 120_000);
                topics.flush();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> total(prometheus, "sum(" + lag + ")") > 0);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> WorkerFixture.count(w, WorkerMetrics.SENT, name) == IDS
                                && total(prometheus, "sum(" + lag + ")") == 0);

                // how high depends on when the scrapes fall while the worker keeps up with the producer: above 0
                assertThat(total(prometheus, "max_over_time(sum(" + lag + ")[5m:1s])")).as("the highest lag seen")
                        .isPositive();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(total(prometheus, "worker_records_total{worker=\"" + name + "\"}")).isEqualTo(2.0 * IDS + 2);
                    assertThat(total(prometheus, "worker_results_sent_total{worker=\"" + name + "\"}")).isEqualTo(IDS);
                });
                String of = "{worker=\"" + name + "\"";
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(total(prometheus, "worker_dead_letters_total" + of + ",reason=\"unusable\"}")).isEqualTo(1);
                    assertThat(total(prometheus, "worker_groups_discarded_missing_total" + of + ",topic=\"" + b + "\"}"))
                            .isEqualTo(1);
                    assertThat(total(prometheus, "worker_output_send_time_seconds_count" + of + "}")).isEqualTo(IDS);
                    assertThat(total(prometheus, "worker_processor_time_seconds_sum" + of + "}")).as("2 ms per id at least")
                            .isGreaterThanOrEqualTo(IDS * 0.002);
                    assertThat(prometheus.query("worker_processor_time_seconds_bucket" + of + "}")).hasSizeGreaterThan(10);
                    assertThat(prometheus.query("worker_watermark_delay_seconds" + of + "}")).hasSize(2);
                    assertThat(prometheus.query("worker_groups_oldest_age_seconds" + of + "}")).hasSize(1);
                    assertThat(total(prometheus, "worker_repository_calls_total" + of + ",op=\"write\"}")).isPositive();
                    assertThat(total(prometheus, "worker_repository_calls_total" + of + ",op=\"in_flight\"}")).isPositive();
                    // every group joined or discarded: nothing waits (the stored count is refreshed every 10 s)
                    assertThat(prometheus.query("worker_groups_in_flight" + of + "}")).singleElement()
                            .satisfies(sample -> assertThat(sample.value()).isZero());
                });
                String names = String.join(" ", prometheus.names());
                assertThat(prometheus.query("camel_exchanges_total{routeId=\"" + name + "\"}")).as("Camel's route metrics in %s",
                        names).isNotEmpty();
                assertThat(prometheus.query("jvm_memory_used_bytes")).as("JVM metrics in %s", names).isNotEmpty();
            }

            // ready: the worker's consumer holds its partitions; not ready while its route is stopped
            assertThat(get(port, Management.HEALTH_PATH + "/ready?exposureLevel=full"))
                    .contains("\"name\":\"consumers-" + name + "\",\"status\":\"UP\"");
            w.context().getRouteController().stopRoute(name);
            HttpResponse<String> stopped = send(port, Management.HEALTH_PATH + "/ready?exposureLevel=full");
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.body()).contains("worker " + name + ": 0 of its 1 consumers hold their partitions");
            assertThat(send(port, Management.HEALTH_PATH + "/live").statusCode()).as("still alive").isEqualTo(200);
            w.context().getRouteController().startRoute(name);
            await().atMost(Duration.ofSeconds(60)).until(() -> send(port, Management.HEALTH_PATH + "/ready").statusCode() == 200);

            String scrape = get(port, Management.METRICS_PATH);
            String health = get(port, Management.HEALTH_PATH + "?exposureLevel=full");
            assertThat(health).contains("\"status\"");
            for (String text : new String[] {scrape, health}) {
                assertThat(text.toLowerCase()).doesNotContain("password");
                if (!db.password().isEmpty()) {
                    assertThat(text).doesNotContain(db.password());
                }
            }
        }
    }

    private static double total(PrometheusServer prometheus, String promql) throws Exception {
        return prometheus.query(promql).stream().mapToDouble(PrometheusServer.Sample::value).sum();
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> r = send(port, path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> send(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
