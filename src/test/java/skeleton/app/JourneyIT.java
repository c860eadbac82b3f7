package skeleton.app;

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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.api.DevCertificate;
import skeleton.api.TestServer;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;

/**
 * {@code /observe/ids/{id}}: why an id did or did not come out. One id held (a part stored, the other topic's
 * watermark short of its deadline), one joined and sent, one discarded; only a caller with the operator role reads it.
 */
class JourneyIT {

    private static final String OPS = "csk_journey-operator-key-0123456789abcdefghijkl";
    private static final String APP = "csk_journey-app-key-0123456789abcdefghijklmnopq";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void an_operator_sees_the_id_held_with_its_missing_topic_the_id_sent_and_the_id_discarded() throws Exception {
        String run = Topics.unique("journey");
        String a = run + "_a";
        String b = run + "_b";
        String out = run + "_out";
        String worker = run + "_joiner";
        try (Topics topics = new Topics(TestBroker.bootstrapServers());
             WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"))) {
            f.addRow(worker, a + "," + b, out, null, "10");
            topics.create(1, a, b, out);
            Map<String, String> settings = f.settings(worker);
            settings.put("API_ENABLED", "true");
            settings.put("API_KEYS", "{\"keys\": [{\"name\": \"ops\", \"sha256\": \"" + sha256(OPS) + "\", \"roles\": [\"operator\"]},"
                    + " {\"name\": \"app\", \"sha256\": \"" + sha256(APP) + "\", \"roles\": [\"api-writer\"]}]}");
            settings.put("HTTP_HOST", "127.0.0.1");
            settings.put("HTTPS_PORT", String.valueOf(TestServer.freePort()));
            settings.put("CERTIFICATE_APP", dir.resolve("tls/localhost.crt").toString());
            settings.put("KEY_APP", dir.resolve("tls/localhost.key").toString());
            DevCertificate.generate(dir.resolve("tls/localhost.crt"), dir.resolve("tls/localhost.key"));
            f.start(settings);
            HttpClient client = HttpClient.newBuilder().sslContext(TestServer.trusting(dir.resolve("tls/localhost.crt"))).build();
            String base = "https://localhost:" + settings.get("HTTPS_PORT") + "/observe/ids/";

            long now = System.currentTimeMillis();
            topics.send(a, "gone", "{\"id\": \"gone\"}".getBytes(StandardCharsets.UTF_8), now - 60_000);
            topics.send(a, "held", "{\"id\": \"held\"}".getBytes(StandardCharsets.UTF_8), now);
            topics.send(a, "sent", "{\"id\": \"sent\"}".getBytes(StandardCharsets.UTF_8), now);
            topics.send(b, "sent", "{\"id\": \"sent\"}".getBytes(StandardCharsets.UTF_8), now);

            await().atMost(Duration.ofSeconds(60)).until(() -> outcome(client, base + "sent").equals("sent")
                    && outcome(client, base + "gone").equals("discarded") && journey(client, base + "held").path("held").asBoolean());

            JsonNode held = journey(client, base + "held");
            assertThat(held.path("worker").asText()).isEqualTo(worker);
            assertThat(held.path("parts").path(a).path("read").asText()).isEqualTo(a + "[0]@1");
            assertThat(held.path("missing").toString()).isEqualTo("[\"" + b + "\"]");
            assertThat(held.path("watermarks").path(b).path("pastDeadline").asBoolean(true)).as("b's watermark is short of the deadline")
                    .isFalse();
            assertThat(held.path("recent")).isEmpty();
            JsonNode gone = journey(client, base + "gone").path("recent").get(0);
            assertThat(gone.path("detail").asText()).startsWith("missing [" + b + "] (had " + a + "[0]@0)");
            assertThat(journey(client, base + "sent").path("recent").get(0).path("detail").asText())
                    .isEqualTo("joined from " + a + "[0]@2," + b + "[0]@0, sent to 1 output topic");

            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "held")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("without credentials").isEqualTo(401);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "held")).header("X-API-Key", APP).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("a key without the operator role").isEqualTo(403);
        }
    }

    private static JsonNode journey(HttpClient client, String url) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", OPS).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("workers").get(0);
    }

    private static String outcome(HttpClient client, String url) throws Exception {
        JsonNode recent = journey(client, url).path("recent");
        return recent.isEmpty() ? "" : recent.get(recent.size() - 1).path("outcome").asText();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
