package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import skeleton.testing.LogCapture;

/** API_KEY_HEADER renamed: the key counts only under the new name; and a public endpoint is named in a WARN at start. */
class ApiKeyHeaderIT {

    @Test
    void a_renamed_api_key_header_is_the_only_one_read() throws Exception {
        try (LogCapture log = new LogCapture(SecurityReview.class);
             SecurityFixture fx = SecurityFixture.start(Map.of("API_KEY_HEADER", "X-Team-Key"))) {
            HttpResponse<String> renamed = fx.send(HttpRequest.newBuilder(fx.server.uri("/api"))
                    .header("Content-Type", "application/json").header("X-Team-Key", fx.writerKey)
                    .POST(HttpRequest.BodyPublishers.ofString(SecurityFixture.BODY)));
            HttpResponse<String> old = fx.post("/api", null, fx.writerKey, SecurityFixture.BODY);

            assertThat(renamed.statusCode()).isEqualTo(200);
            assertThat(renamed.body()).startsWith("{\"caller\":{\"scheme\":\"apikey\",\"name\":\"writer\"");
            SecurityFixture.assertUnauthorized(old);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN API ") && l.contains("/v1/status")
                    && l.contains("is PUBLIC: its api_security is empty, so it answers anyone"));
        }
    }
}
