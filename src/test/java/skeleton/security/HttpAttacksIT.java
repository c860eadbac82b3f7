package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import skeleton.api.ApiModule;
import skeleton.api.TestServer;
import skeleton.config.Settings;

/**
 * Attack cases of issue 5 around the HTTP server of a secured API: extra body fields, other methods, CORS
 * preflights, old TLS, the Server header, and DISABLE_SECURITY outside dev mode.
 */
class HttpAttacksIT extends SecuredServer {

    /**
     * The security check answers before the body is read: a raw request that announces a body and never sends it
     * gets 401 at once, whatever it announces (over MAX_BODY_BYTES, another type); a server that read the body first
     * would wait for it, or answer 413 to an unknown caller.
     */
    @Test
    void without_credentials_the_answer_is_401_before_any_body_is_read() throws Exception {
        for (String headers : List.of("Content-Type: application/json\r\nContent-Length: 500000000",
                "Content-Type: application/json\r\nContent-Length: 20",
                "Content-Type: text/plain\r\nContent-Length: 20",
                "Content-Type: application/json\r\nTransfer-Encoding: chunked",
                // a large header, within the server's header limit (8 KB; above it every caller gets 431)
                "Content-Type: application/json\r\nContent-Length: 20\r\nX-Padding: " + "p".repeat(6_000))) {
            assertThat(statusLineWithoutSendingTheBody("/api", headers)).as(headers).startsWith("HTTP/1.1 401");
        }
    }

    /** A head over the server's 8 KB limit is refused before any route, so the answer tells nothing of the path. */
    @Test
    void a_head_over_the_header_limit_gets_431_whatever_the_path() throws Exception {
        String huge = "Content-Type: application/json\r\nContent-Length: 20\r\nX-Padding: " + "p".repeat(9_000);

        assertThat(statusLineWithoutSendingTheBody("/api", huge)).startsWith("HTTP/1.1 431");
        assertThat(statusLineWithoutSendingTheBody("/no/such/path", huge)).startsWith("HTTP/1.1 431");
    }

    @Test
    void with_credentials_the_body_is_judged_413_415_400() throws Exception {
        String token = fx.writerToken();
        HttpResponse<String> tooLarge = fx.post("/api", token, null, "{\"id\":\"" + "x".repeat(2_000_000) + "\"}");
        HttpResponse<String> otherType = fx.postRaw("/api", Map.of("Authorization", "Bearer " + token, "Content-Type", "text/plain"), "hello");
        HttpResponse<String> malformed = fx.post("/api", token, null, "{\"id\":");

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(otherType.statusCode()).isEqualTo(415);
        assertThat(malformed.statusCode()).isEqualTo(400);
        // and without credentials the same requests are refused as unknown callers
        assertThat(fx.post("/api", null, null, "{\"id\":\"" + "x".repeat(2_000_000) + "\"}").statusCode()).isEqualTo(401);
        assertThat(fx.postRaw("/api", Map.of("Content-Type", "text/plain"), "hello").statusCode()).isEqualTo(401);
        assertThat(fx.post("/api", null, null, "{\"id\":").statusCode()).isEqualTo(401);
    }

    /** Sends a POST's head only, over TLS, and reads the status line the server answers within 10 s. */
    private String statusLineWithoutSendingTheBody(String path, String headers) throws Exception {
        SSLSocketFactory factory = TestServer.trusting(server.dir.resolve("tls/localhost.crt")).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", server.httpsPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            try {
                return String.valueOf(in.readLine());
            } catch (SocketTimeoutException e) {
                return "no answer within 10 s: the server waits for the body";
            }
        }
    }

    @Test
    void an_extra_role_admin_field_gets_400_and_is_never_bound() throws Exception {
        HttpResponse<String> response = fx.post("/api", fx.writerToken(), null,
                "{\"id\":\"1\",\"message\":\"m\",\"role\":\"admin\",\"roles\":[\"admin\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("{\"field\":\"/role\",\"problem\":\"is not a field of this model\"}");
    }

    @Test
    void delete_or_trace_on_a_post_route_gets_405() throws Exception {
        for (String method : new String[] {"DELETE", "TRACE", "PUT"}) {
            HttpResponse<String> response = fx.send(HttpRequest.newBuilder(server.uri("/api"))
                    .header("Authorization", "Bearer " + fx.writerToken())
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(response.statusCode()).as(method).isEqualTo(405);
        }
    }

    @Test
    void a_listed_origin_gets_its_preflight_answered_ahead_of_security_and_calls_with_a_token() throws Exception {
        HttpResponse<String> preflight = fx.send(HttpRequest.newBuilder(server.uri("/api")).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-api-key")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> call = fx.postRaw("/api", Map.of("Origin", "https://app.example",
                "Authorization", "Bearer " + fx.writerToken()), SecurityFixture.BODY);

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, Authorization, X-API-Key");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    }

    @Test
    void a_preflight_from_an_unlisted_origin_or_origin_null_gets_no_allow_header() throws Exception {
        for (String origin : new String[] {"https://evil.example", "null"}) {
            HttpResponse<String> response = fx.send(HttpRequest.newBuilder(server.uri("/api")).header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(response.headers().map().keySet()).as(origin).noneMatch(h -> h.startsWith("access-control-allow"));
        }
    }

    @Test
    void a_tls_1_1_handshake_fails() throws Exception {
        assertThat(TlsProbe.handshake("127.0.0.1", server.httpsPort, "-tls1_1")).contains("alert protocol version");
        assertThat(TlsProbe.handshake("127.0.0.1", server.httpsPort, "-tls1_2")).contains("Protocol  : TLSv1.2");
    }

    @Test
    void disable_security_outside_dev_mode_refuses_to_start() {
        Settings settings = Settings.of(Map.of("DISABLE_SECURITY", "true",
                "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json",
                "CERTIFICATE_APP", server.dir.resolve("tls/localhost.crt").toString(),
                "KEY_APP", server.dir.resolve("tls/localhost.key").toString(),
                "IAM_SERVER_URL", iam.issuer()));

        assertThatThrownBy(() -> ApiModule.install(new Main(), settings, false, ApiSecurity::guard))
                .hasMessage("the API cannot start (1 problem):\n  - DISABLE_SECURITY=true (set in the settings given) is "
                        + "refused: this worker is not in dev mode (DB_URL or DB_HOST is set), and security can be "
                        + "turned off only in dev mode; remove DISABLE_SECURITY");
    }

    @Test
    void no_server_header_is_sent() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {fx.post("/api", fx.writerToken(), null, SecurityFixture.BODY),
                fx.post("/api", null, null, SecurityFixture.BODY), server.get("/nowhere"), server.get("/observe/health")}) {
            assertThat(response.headers().firstValue("Server")).isEmpty();
        }
    }
}
