package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS from CORS_ALLOWED_ORIGINS, the optional plain-HTTP port, and the TLS versions served. */
class CorsAndPortsIT {

    private static TestServer server;
    private static int httpPort;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("CORS_ALLOWED_ORIGINS", "['https://a.example', 'https://b.example']",
                "CORS_ALLOW_CREDENTIALS", "true", "HTTP_PORT", "free"));
        httpPort = server.httpPort;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri("/api")).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void a_listed_origin_gets_its_preflight_answered() throws Exception {
        HttpResponse<String> response = preflight("https://b.example");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://b.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, PUT, DELETE, OPTIONS");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Content-Type");
    }

    @Test
    void an_unlisted_origin_gets_no_allow_header() throws Exception {
        HttpResponse<String> preflight = preflight("https://evil.example");
        HttpResponse<String> post = server.send(HttpRequest.newBuilder(server.uri("/api"))
                .header("Origin", "https://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"message\":\"m\"}")));

        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-allow"));
        assertThat(post.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-allow"));
    }

    @Test
    void a_listed_origin_reads_the_answer_of_a_request() throws Exception {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api"))
                .header("Origin", "https://a.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"message\":\"m\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://a.example");
        assertThat(response.headers().firstValue("Vary")).hasValue("Origin");
    }

    @Test
    void a_taken_https_port_refuses_the_start() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> new TestServer(Map.of("HTTPS_PORT", String.valueOf(port))).close())
                    .hasStackTraceContaining("the API cannot listen on 127.0.0.1:" + port + " (HTTPS_PORT): the port is taken by"
                            + " another process");
        }
    }

    @Test
    void http_port_serves_the_same_routes_without_tls() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api")).header("Content-Type", "application/json")
                        .header("X-API-Key", TestServer.TEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"7\",\"message\":\"m\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/nowhere")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"id\":\"7\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no endpoint at /nowhere");
    }

    @Test
    void https_speaks_tls_1_3_and_1_2() throws Exception {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            SSLParameters only = new SSLParameters();
            only.setProtocols(new String[] {protocol});
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestServer.trusting(server.dir.resolve("tls/localhost.crt"))).sslParameters(only).build();

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(protocol).isEqualTo(200);
            assertThat(response.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo(protocol));
        }
    }
}
