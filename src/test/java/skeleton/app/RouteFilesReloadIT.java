package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.api.TestServer;
import skeleton.config.Settings;
import skeleton.testing.LogCapture;
import skeleton.testing.Topics;

/** Dev mode on embedded defaults: the demo's consumer1, then its route file edited while it runs. */
class RouteFilesReloadIT {

    @TempDir
    Path dir;

    @Test
    void editing_the_route_file_in_dev_mode_changes_the_running_workers_without_a_restart() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path yaml = routes.resolve("join-worker.camel.yaml");
        Files.copy(Path.of("src/main/resources/routes/join-worker.camel.yaml"), yaml);
        Map<String, String> settings = Map.of(
                "KAFKA_PORT", "0",
                "DATA_DIR", dir.resolve("data").toString(),
                "ROUTES_DIR", routes.toString(),
                "CONSUMER_NAME", "consumer1",
                "API_ENABLED", "false",
                "PROCESSOR", "workerProcessor",
                "camel.beans.workerProcessor", "#class:routes.WorkerProcessor",
                "camel.beans.scriptedProcessor", "#class:skeleton.testing.ScriptedProcessor");
        try (Worker worker = Worker.create(Settings.of(settings)).start();
             Topics topics = new Topics(worker.embeddedBrokers().orElseThrow())) {
            topics.send("topic_1", "before", "{\"id\": \"before\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.count("topic_2") >= 1);
            assertThat(topics.values("topic_2").get(0)).doesNotContain("\"worker\"");

            // when the processor step of the template is pointed at another bean
            Files.writeString(yaml, Files.readString(yaml).replace("ref: \"{{processor}}\"", "ref: scriptedProcessor"));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                topics.send("topic_1", "after", "{\"id\": \"after\"}");
                return topics.values("topic_2").stream().anyMatch(v -> v.contains("\"worker\":\"consumer1\""));
            });
        }
    }

    /**
     * A route file broken while the worker runs: its routes stop with a logged error, the REST endpoints keep
     * answering, and once the file is fixed the routes come back (once each) and read what came meanwhile.
     */
    @Test
    void a_broken_route_file_stops_the_worker_routes_with_an_error_until_fixed_and_the_api_keeps_answering() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path yaml = routes.resolve("join-worker.camel.yaml");
        Files.copy(Path.of("src/main/resources/routes/join-worker.camel.yaml"), yaml);
        String original = Files.readString(yaml);
        Map<String, String> settings = new HashMap<>(Map.of(
                "KAFKA_PORT", "0",
                "DATA_DIR", dir.resolve("data").toString(),
                "ROUTES_DIR", routes.toString(),
                "CONSUMER_NAME", "consumer1",
                "PROCESSOR", "workerProcessor",
                "camel.beans.workerProcessor", "#class:routes.WorkerProcessor",
                "HTTP_HOST", "127.0.0.1",
                "CERTIFICATE_APP", dir.resolve("tls/localhost.crt").toString(),
                "KEY_APP", dir.resolve("tls/localhost.key").toString()));
        settings.put("DISABLE_SECURITY", "true");
        try (LogCapture log = new LogCapture(RouteFilesReloader.class);
             Worker worker = startOnAFreeHttpsPort(settings);
             Topics topics = new Topics(worker.embeddedBrokers().orElseThrow())) {
            HttpClient client = HttpClient.newBuilder().sslContext(TestServer.trusting(dir.resolve("tls/localhost.crt"))).build();
            HttpRequest call = HttpRequest.newBuilder(URI.create("https://localhost:" + settings.get("HTTPS_PORT") + "/api"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"1\", \"message\": \"m\"}")).build();
            topics.send("topic_1", "before", "{\"id\": \"before\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.keys("topic_2").contains("before"));
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + settings.get("HTTPS_PORT") + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as("metrics on the API's port without MANAGEMENT_PORT").isEqualTo(200);
            assertThat(metrics.body()).contains("worker_records_total{worker=\"consumer1\"");
            HttpResponse<String> console = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + settings.get("HTTPS_PORT") + "/q/dev/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(console.statusCode()).as("Camel's developer console in dev mode, to a caller on this machine").isEqualTo(200);
            assertThat(console.body()).contains("Health Check Status: UP");
            HttpResponse<String> journey = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + settings.get("HTTPS_PORT") + "/observe/ids/before")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(journey.statusCode()).as("an id's journey in dev mode, to a caller on this machine").isEqualTo(200);
            assertThat(journey.body()).contains("\"outcome\":\"sent\"");

            Files.writeString(yaml, "- route:\n    from: [this is not a route\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> log.lines().stream().anyMatch(l -> l.startsWith(
                    "ERROR dev mode: the route files in ") && l.contains("could not be loaded, the worker routes are stopped until they are fixed")));
            assertThat(worker.context().getRoute("consumer1")).as("the worker route while the file is broken").isNull();
            assertThat(client.send(call, HttpResponse.BodyHandlers.ofString()).statusCode()).as("the API meanwhile").isEqualTo(200);
            topics.send("topic_1", "during", "{\"id\": \"during\"}");

            Files.writeString(yaml, original);
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.keys("topic_2").contains("during"));
            assertThat(worker.context().getRoutes().stream().map(r -> r.getRouteId()).filter(id -> id.startsWith("consumer1")))
                    .as("each route of the worker once, the old ones gone")
                    .containsExactlyInAnyOrder("consumer1", "consumer1.dead-letters", "consumer1.deadlines");
            assertThat(client.send(call, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    /** A port free when asked may be taken before the worker binds it: the start then fails on it, and another is tried. */
    private static Worker startOnAFreeHttpsPort(Map<String, String> settings) throws Exception {
        for (int attempt = 1; ; attempt++) {
            settings.put("HTTPS_PORT", String.valueOf(TestServer.freePort()));
            try {
                return Worker.create(Settings.of(settings)).start();
            } catch (Exception e) {
                if (attempt == 3 || !TestServer.portTaken(e)) {
                    throw e;
                }
            }
        }
    }
}
