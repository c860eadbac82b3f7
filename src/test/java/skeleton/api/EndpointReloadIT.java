package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.testing.LogCapture;

/** In dev mode, editing the endpoint file changes the served endpoints and the document without a restart. */
class EndpointReloadIT {

    @Test
    void an_edited_file_is_served_and_a_broken_edit_keeps_the_running_endpoints() throws Exception {
        Path file = Files.createTempFile("endpoint", ".json");
        String original = Files.readString(Path.of("maps/endpoint.json"));
        Files.writeString(file, original);
        try (TestServer server = new TestServer(Map.of("ENDPOINTS_FILE", file.toString()))) {
            assertThat(server.get("/api/echo?id=1&message=m").statusCode()).isEqualTo(404);

            write(file, original.replace("\"request_method\": [\"post\"], \"api_url\": \"/\"",
                    "\"request_method\": [\"post\", \"get\"], \"api_url\": \"/echo\""));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(server.get("/api/echo?id=1&message=m").statusCode()).isEqualTo(200));
            assertThat(server.post("/api", "application/json", "{\"id\":\"1\",\"message\":\"m\"}").statusCode())
                    .isEqualTo(404);
            assertThat(server.get("/openapi.json").body()).contains("\"/api/echo\"", "\"input_get\"");

            try (LogCapture log = new LogCapture(EndpointReloader.class)) {
                write(file, original.replace("\"model_name\": \"model\"", "\"model_name\": \"mdl\""));

                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log.lines()).anySatisfy(line ->
                        assertThat(line).contains("was edited but not reloaded")
                                .contains("/endpoints/0/model_name: no model \"mdl\"")));
            }
            assertThat(server.get("/api/echo?id=1&message=m").statusCode()).isEqualTo(200);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes through a rename, as editors do, with a modification time that surely differs from the last one. */
    private static void write(Path file, String text) throws Exception {
        Path next = Files.createTempFile(file.getParent(), "edit", ".json");
        Files.writeString(next, text);
        Files.setLastModifiedTime(next, FileTime.from(Instant.now().plusSeconds((long) (Math.random() * 1000) + 2)));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
