package skeleton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import skeleton.api.TestServer;
import skeleton.config.Settings;
import skeleton.testing.Topics;

/**
 * {@code /observe/pipeline} in headless Chromium (src/test/browser/pipeline-page.mjs): the demo pipeline drawn (seven
 * topics, five workers), consumer1's joined figure changing once a message is sent into topic_1 while the page is
 * open, and, consumer3 not running, consumer5's edge from topic_5 showing consumer3 holding its watermark back. Dev
 * mode: the page's figures answer a caller on this machine.
 */
class PipelinePageBrowserIT {

    @TempDir
    Path dir;

    @Test
    void the_page_draws_the_demo_pipeline_a_figure_changes_after_a_message_and_an_edge_shows_who_holds_it_back() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as("Chromium at " + chromium + ": apt-get install -y chromium").isTrue();
        assertThat(Path.of("src/test/browser/node_modules/playwright-core")).as("npm ci --prefix src/test/browser").isDirectory();
        Map<String, String> settings = new HashMap<>(Map.of(
                "KAFKA_PORT", "0",
                "DATA_DIR", dir.resolve("data").toString(),
                "CONSUMER_NAME", "consumer1,consumer2,consumer4,consumer5",
                "PROCESSOR", "workerProcessor",
                "camel.beans.workerProcessor", "#class:routes.WorkerProcessor",
                "HTTP_HOST", "127.0.0.1",
                "CERTIFICATE_APP", dir.resolve("tls/localhost.crt").toString(),
                "KEY_APP", dir.resolve("tls/localhost.key").toString()));
        settings.put("HTTPS_PORT", String.valueOf(TestServer.freePort()));
        try (Worker worker = Worker.create(Settings.of(settings)).start();
             Topics topics = new Topics(worker.embeddedBrokers().orElseThrow())) {
            ProcessBuilder node = new ProcessBuilder("node", "pipeline-page.mjs").directory(Path.of("src/test/browser").toFile())
                    .redirectErrorStream(true);
            node.environment().putAll(Map.of("BASE_URL", "https://localhost:" + settings.get("HTTPS_PORT"), "WORKER", "consumer1",
                    "TOPICS", "7", "WORKERS", "5", "CHROMIUM", chromium.toString(), "EDGE", "t:topic_1>w:consumer1", "HELD_EDGE", "t:topic_5>w:consumer5",
                    "SCREENSHOT", Path.of("target", "pipeline-page.png").toAbsolutePath().toString()));
            Process process = node.start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("READY")) {
                        topics.send("topic_1", "42", "{\"id\": \"42\", \"text\": \"hello pipeline world\"}");
                    }
                }
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
            assertThat(lines).contains("READY joined=0", "CHANGED joined=1", "EDGE records=1/min");
            assertThat(lines).contains("HELD by=consumer3 label=held: consumer3");
        }
    }
}
