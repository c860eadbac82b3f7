package skeleton.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Zipkin server (its {@code exec} jar from Maven Central, copied to target/zipkin by the build) in its own JVM,
 * keeping spans in memory, with its query API for the test. Its output is in {@code target/zipkin/zipkin-<port>.log}.
 */
public final class ZipkinServer extends ChildProcess {

    private static final Path JAR = Path.of("target", "zipkin", "zipkin-server.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ZipkinServer(ProcessBuilder builder, Path logFile, int port) throws IOException {
        super(builder, "zipkin on port " + port, logFile);
        this.port = port;
        try {
            awaitLine("Serving HTTP at", Duration.ofSeconds(120));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public static ZipkinServer start() throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the build copies it in its pre-integration-test phase;"
                    + " run the tests with mvn verify");
        }
        int port;
        try (HeldPort held = new HeldPort()) {
            port = held.port;
        }
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString());
        builder.environment().put("QUERY_PORT", Integer.toString(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        return new ZipkinServer(builder, Path.of("target", "zipkin", "zipkin-" + port + ".log"), port);
    }

    /** Where a worker sends its spans (OTEL_EXPORTER_ZIPKIN_ENDPOINT). */
    public String spansEndpoint() {
        return "http://127.0.0.1:" + port + "/api/v2/spans";
    }

    /** The spans Zipkin holds of one trace (none while it knows nothing of it). */
    public List<JsonNode> trace(String traceId) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v2/trace/" + traceId);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> spans = new ArrayList<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).forEach(spans::add);
        } else if (response.statusCode() != 404) {
            throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
        }
        return spans;
    }

    /** The span names Zipkin holds for a service. */
    public List<String> spanNames(String service) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v2/spans?serviceName=" + service);
        List<String> names = new ArrayList<>();
        JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                .forEach(n -> names.add(n.asText()));
        return names;
    }

    /** A trace as a tree, one span per line: name, kind, worker, and the join's tags; for the test's output. */
    public static String tree(List<JsonNode> spans) {
        StringBuilder out = new StringBuilder();
        java.util.Set<String> ids = new java.util.HashSet<>();
        spans.forEach(s -> ids.add(s.path("id").asText()));
        spans.stream().filter(s -> !ids.contains(s.path("parentId").asText()))
                .sorted(java.util.Comparator.comparingLong(s -> s.path("timestamp").asLong()))
                .forEach(root -> branch(spans, root, 0, out));
        return out.toString();
    }

    private static void branch(List<JsonNode> spans, JsonNode span, int depth, StringBuilder out) {
        JsonNode tags = span.path("tags");
        out.append("  ".repeat(depth)).append(span.path("name").asText()).append(" [").append(span.path("kind").asText("LOCAL"))
                .append("] ").append(span.path("id").asText());
        tags.fields().forEachRemaining(t -> {
            if (t.getKey().equals("worker") || t.getKey().startsWith("join.") || t.getKey().equals("error")) {
                out.append(' ').append(t.getKey()).append('=').append(t.getValue().asText());
            }
        });
        out.append('\n');
        spans.stream().filter(s -> s.path("parentId").asText().equals(span.path("id").asText()))
                .sorted(java.util.Comparator.comparingLong(s -> s.path("timestamp").asLong()))
                .forEach(child -> branch(spans, child, depth + 1, out));
    }
}
