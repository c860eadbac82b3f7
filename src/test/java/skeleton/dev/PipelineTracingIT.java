package skeleton.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import skeleton.api.DevCertificate;
import skeleton.api.TestServer;
import skeleton.join.DeadLetters;
import skeleton.testing.LogCapture;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;
import skeleton.testing.ZipkinServer;

/**
 * Traces, read back from a real Zipkin server: id 42 sent into the demo pipeline with a {@code traceparent} is one
 * trace through all five workers, down to topic_7; the join of consumer5 continues one part's trace and links the
 * other; an unusable record's dead letter and an HTTP request are spans of the traces their callers started.
 */
class PipelineTracingIT {

    private static final String KEY = "csk_tracing-test-key-0123456789abcdefghijklmnop";

    /** One Zipkin for the class: each test reads back only the traces it started. */
    private static ZipkinServer zipkin;

    @TempDir
    Path dir;

    @BeforeAll
    static void startZipkin() throws Exception {
        zipkin = ZipkinServer.start();
    }

    @AfterAll
    static void stopZipkin() {
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void id_42_through_the_demo_pipeline_is_one_trace_in_zipkin_with_every_worker_and_the_join_links() throws Exception {
        String run = Topics.unique("traced");
        try (LogCapture deadLetters = new LogCapture(DeadLetters.class);
             Topics topics = new Topics(TestBroker.bootstrapServers());
             WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"))) {
            for (DemoPipeline.Row r : DemoPipeline.ROWS) {
                f.addRow(name(run, r.name()), suffixed(r.inputs(), run), suffixed(r.outputs(), run), null,
                        String.valueOf(r.timeout()));
            }
            for (int i = 1; i <= 7; i++) {
                topics.create(1, name(run, "topic_" + i));
            }
            Map<String, String> settings = traced(f.settings("*"));
            settings.put("API_ENABLED", "true");
            settings.put("API_KEYS", "{\"keys\": [{\"name\": \"tester\", \"sha256\": \"" + sha256(KEY) + "\", \"roles\": []}]}");
            settings.put("HTTP_HOST", "127.0.0.1");
            DevCertificate.generate(dir.resolve("tls/localhost.crt"), dir.resolve("tls/localhost.key"));
            settings.put("HTTPS_PORT", String.valueOf(TestServer.freePort()));
            settings.put("CERTIFICATE_APP", dir.resolve("tls/localhost.crt").toString());
            settings.put("KEY_APP", dir.resolve("tls/localhost.key").toString());
            f.start(settings);

            String trace = hex(16);
            String caller = hex(8);
            topics.send(name(run, "topic_1"), "42", "{\"id\": \"42\", \"text\": \"hello pipeline world\"}",
                    Map.of("traceparent", "00-" + trace + "-" + caller + "-01"));
            String badTrace = hex(16);
            topics.send(name(run, "topic_1"), "bad", "{\"text\": \"no id\"}",
                    Map.of("traceparent", "00-" + badTrace + "-" + hex(8) + "-01"));

            String last = name(run, "topic_7");
            await().atMost(Duration.ofSeconds(90)).until(() -> topics.count(last) >= 1);
            ConsumerRecord<byte[], byte[]> out = topics.readAll(last).get(0);
            assertThat(traceparent(out)).as("the output's traceparent").startsWith("00-" + trace + "-");

            List<String> workers = DemoPipeline.ROWS.stream().map(r -> name(run, r.name())).toList();
            // spans reach Zipkin in batches: wait for the last worker's send to topic_7
            await().atMost(Duration.ofSeconds(60)).until(() -> zipkin.trace(trace).stream()
                    .anyMatch(s -> s.path("name").asText().equals(last.toLowerCase()) && s.path("kind").asText().equals("PRODUCER")));
            List<JsonNode> spans = zipkin.trace(trace);
            System.out.println("the trace of id 42, as Zipkin returns it:\n" + ZipkinServer.tree(spans));
            for (String w : workers) {
                assertThat(spans).as("spans of " + w + " in the trace of id 42")
                        .anySatisfy(s -> assertSpan(s, "receive", w))
                        .anySatisfy(s -> assertSpan(s, "join " + w, w))
                        .anySatisfy(s -> assertSpan(s, "processor workerProcessor", w));
            }
            JsonNode first = one(spans, "receive " + name(run, "topic_1"));
            assertThat(first.path("parentId").asText()).as("the first record's span continues its caller's").isEqualTo(caller);
            assertThat(first.path("kind").asText()).isEqualTo("CONSUMER");

            JsonNode join = one(spans, "join " + name(run, "consumer5"));
            String by = join.path("tags").path("join.completed_by").asText();
            String other = by.equals(name(run, "topic_5")) ? name(run, "topic_6") : name(run, "topic_5");
            JsonNode completing = spans.stream().filter(s -> s.path("name").asText().equals("receive " + by)
                    && s.path("tags").path("worker").asText().equals(name(run, "consumer5"))).findFirst().orElseThrow();
            JsonNode linked = spans.stream().filter(s -> s.path("name").asText().equals("receive " + other)
                    && s.path("tags").path("worker").asText().equals(name(run, "consumer5"))).findFirst().orElseThrow();
            assertThat(join.path("parentId").asText()).as("the join continues the part that completed it")
                    .isEqualTo(completing.path("id").asText());
            assertThat(join.path("tags").path("join.link." + other).asText()).as("and links the other part")
                    .isEqualTo("00-" + trace + "-" + linked.path("id").asText() + "-01");
            assertThat(join.path("tags").path("join.id").asText()).isEqualTo("42");
            assertThat(join.path("tags").path("join.topics").asText()).isEqualTo(name(run, "topic_5") + "," + name(run, "topic_6"));
            JsonNode send = spans.stream().filter(s -> s.path("name").asText().equals(last.toLowerCase())).findFirst().orElseThrow();
            assertThat(send.path("parentId").asText()).as("the output's send is a child of the join").isEqualTo(join.path("id").asText());
            assertThat(send.path("tags").path("worker").asText()).isEqualTo(name(run, "consumer5"));
            assertThat(traceparent(out)).as("and its record carries the send's span")
                    .isEqualTo("00-" + trace + "-" + send.path("id").asText() + "-01");

            assertThat(zipkin.spanNames("consumer-skeleton")).as("a poll and a deadline check are no spans")
                    .doesNotContain(name(run, "topic_1").toLowerCase(), name(run, "topic_5") + "," + name(run, "topic_6"))
                    .noneMatch(n -> n.endsWith(".deadlines"));

            // the unusable record: its span says why, and its dead letter carries the trace on
            String dlq = name(run, "consumer1") + ".dlq";
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.count(dlq) >= 1);
            assertThat(traceparent(topics.readAll(dlq).get(0))).as("the dead letter's traceparent").startsWith("00-" + badTrace + "-");
            await().atMost(Duration.ofSeconds(30)).until(() -> zipkin.trace(badTrace).stream()
                    .anyMatch(s -> s.path("name").asText().equals(dlq.toLowerCase())));
            JsonNode unusable = one(zipkin.trace(badTrace), "receive " + name(run, "topic_1"));
            assertThat(unusable.path("tags").path("error").asText()).contains("no usable id");
            assertThat(deadLetters.events()).as("the dead letter's log line names its trace and span").anySatisfy(e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", badTrace)
                        .containsEntry("span_id", unusable.path("id").asText())
                        .containsEntry("worker", name(run, "consumer1"));
            });

            // an HTTP request: a server span of the caller's trace
            String httpTrace = hex(16);
            String httpCaller = hex(8);
            HttpClient client = HttpClient.newBuilder().sslContext(TestServer.trusting(dir.resolve("tls/localhost.crt"))).build();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                            + settings.get("HTTPS_PORT") + "/api"))
                    .header("Content-Type", "application/json")
                    .header("X-API-Key", KEY)
                    .header("traceparent", "00-" + httpTrace + "-" + httpCaller + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"1\", \"message\": \"m\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> zipkin.trace(httpTrace).stream()
                    .anyMatch(s -> s.path("kind").asText().equals("SERVER") && s.path("parentId").asText().equals(httpCaller)));
        }
    }

    /**
     * A part stored by one run of a worker, the other part read by the next run: the join span of the later run
     * continues the second part's trace and links the first part's record span, made by the earlier run.
     */
    @Test
    void a_part_stored_by_an_earlier_run_is_linked_by_the_join_a_later_run_completes() throws Exception {
        String run = Topics.unique("relink");
        String a = name(run, "a");
        String b = name(run, "b");
        String out = name(run, "out");
        String worker = name(run, "joiner");
        try (Topics topics = new Topics(TestBroker.bootstrapServers());
             WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"))) {
            f.addRow(worker, a + "," + b, out, null, "60");
            topics.create(1, a, b, out);
            Map<String, String> settings = traced(f.settings(worker));
            var first = f.start(settings);
            String traceA = hex(16);
            String traceB = hex(16);
            topics.send(a, "7", "{\"id\": \"7\", \"x\": 1}", Map.of("traceparent", "00-" + traceA + "-" + hex(8) + "-01"));
            // committed once the part is stored
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.committed(worker, a) >= 1);
            f.stop(first);

            f.start(settings);
            topics.send(b, "7", "{\"id\": \"7\", \"y\": 2}", Map.of("traceparent", "00-" + traceB + "-" + hex(8) + "-01"));
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.count(out) >= 1);
            assertThat(traceparent(topics.readAll(out).get(0))).startsWith("00-" + traceB + "-");
            await().atMost(Duration.ofSeconds(30)).until(() -> zipkin.trace(traceB).stream()
                    .anyMatch(s -> s.path("name").asText().equals(("join " + worker).toLowerCase())));
            JsonNode receivedA = one(zipkin.trace(traceA), "receive " + a);
            JsonNode join = one(zipkin.trace(traceB), "join " + worker);
            assertThat(join.path("tags").path("join.completed_by").asText()).isEqualTo(b);
            assertThat(join.path("tags").path("join.link." + a).asText()).as("the link to the part the earlier run stored")
                    .isEqualTo("00-" + traceA + "-" + receivedA.path("id").asText() + "-01");
        }
    }

    /** Tracing on, spans sent to the class's Zipkin at once. */
    private static Map<String, String> traced(Map<String, String> settings) {
        settings.put("OTEL_TRACES_EXPORTER", "zipkin");
        settings.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint());
        settings.put("OTEL_BSP_SCHEDULE_DELAY", "100");
        return settings;
    }

    private static void assertSpan(JsonNode span, String namePrefix, String worker) {
        assertThat(span.path("name").asText()).startsWith(namePrefix.toLowerCase());
        assertThat(span.path("tags").path("worker").asText()).isEqualTo(worker);
    }

    /** The one span of that name (Zipkin lower-cases names). */
    private static JsonNode one(List<JsonNode> spans, String name) {
        List<JsonNode> named = spans.stream().filter(s -> s.path("name").asText().equals(name.toLowerCase())).toList();
        assertThat(named).as("spans named " + name + " in " + spans).hasSize(1);
        return named.get(0);
    }

    private static String traceparent(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader("traceparent");
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String name(String run, String name) {
        return run + "_" + name;
    }

    private static String suffixed(String csv, String run) {
        return String.join(",", List.of(csv.split(",")).stream().map(t -> run + "_" + t).toList());
    }
}
