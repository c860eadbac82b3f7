package skeleton.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus server (Debian's package {@code prometheus}) in its own process, scraping one target every
 * second, with its query API for the test. Its output is in {@code target/prometheus/prometheus-<port>.log}.
 */
public final class PrometheusServer extends ChildProcess {

    private static final String BINARY = "/usr/bin/prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(ProcessBuilder builder, Path logFile, int port, Path dir) throws IOException {
        super(builder, "prometheus on port " + port, logFile);
        this.port = port;
        this.dir = dir;
        try {
            awaitLine("Server is ready to receive web requests", Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Starts Prometheus scraping {@code http://127.0.0.1:<targetPort><path>} every second, as job {@code worker}. */
    public static PrometheusServer start(int targetPort, String path) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: this test needs a real Prometheus;"
                    + " install it with: apt-get install -y prometheus");
        }
        Path dir = Files.createTempDirectory("prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: worker
                    metrics_path: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(path, targetPort));
        int port;
        try (HeldPort held = new HeldPort()) {
            port = held.port;
        }
        ProcessBuilder builder = new ProcessBuilder(BINARY, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
        return new PrometheusServer(builder, Path.of("target", "prometheus", "prometheus-" + port + ".log"), port, dir);
    }

    /** The result of an instant query: each series' labels and value. */
    public List<Sample> query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus refused " + promql + ": " + response.body());
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode r : body.path("data").path("result")) {
            samples.add(new Sample(JSON.convertValue(r.path("metric"), Map.class), r.path("value").get(1).asDouble()));
        }
        return samples;
    }

    /** The names of the series Prometheus holds. */
    public List<String> names() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/label/__name__/values");
        JsonNode body = JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
        List<String> names = new ArrayList<>();
        body.path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Whether Prometheus' last scrape of the target succeeded. */
    public boolean targetUp() throws IOException, InterruptedException {
        return query("up{job=\"worker\"}").stream().anyMatch(s -> s.value() == 1);
    }

    public record Sample(Map<String, String> labels, double value) {
    }

    @Override
    public void close() {
        super.close();
        deleteTree(dir);
    }
}
