package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.config.Settings;
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
                "KAFKA_PORT", String.valueOf(freePort()),
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
