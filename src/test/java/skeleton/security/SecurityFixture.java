package skeleton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import skeleton.api.TestServer;

/**
 * What the security tests share: two API keys made at test time (writer with api-writer, reader with api-reader),
 * the settings of a server whose IAM is a {@link LocalIam}, and requests with a token and/or a key.
 */
final class SecurityFixture implements AutoCloseable {

    static final String UNAUTHORIZED = "{\"errors\":[{\"field\":\"\",\"problem\":\"authentication required: send a "
            + "valid bearer token (Authorization: Bearer ...) or API key\"}]}";
    static final String BODY = "{\"id\":\"1\",\"message\":\"m\"}";

    final LocalIam iam;
    final String writerKey = ApiKeyCommand.newKey();
    final String readerKey = ApiKeyCommand.newKey();
    TestServer server;

    SecurityFixture(LocalIam iam) {
        this.iam = iam;
    }

    /** A local IAM and a secured server using it (secured-endpoint.json, two API keys), with these extra settings. */
    static SecurityFixture start(Map<String, String> extra) throws Exception {
        SecurityFixture fx = new SecurityFixture(new LocalIam());
        fx.server = new TestServer(fx.settings(extra));
        return fx;
    }

    /** The one answer to bad credentials: 401, the same body, WWW-Authenticate: Bearer. */
    static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(UNAUTHORIZED);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
    }

    Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "DISABLE_SECURITY", "false",
                "ENDPOINTS_FILE", "src/test/resources/endpoints/secured-endpoint.json",
                "IAM_SERVER_URL", iam.issuer(),
                "IAM_AUDIENCE", Tokens.AUDIENCE,
                "JWKS_REFRESH_MIN_SECONDS", "60",
                "API_KEYS_FILE", "src/test/resources/no-such-apikeys.json",
                "API_KEYS", "{\"keys\": [" + entry("writer", writerKey, "api-writer") + ", "
                        + entry("reader", readerKey, "api-reader") + "]}"));
        settings.putAll(extra);
        return settings;
    }

    private static String entry(String name, String key, String role) {
        return "{\"name\": \"" + name + "\", \"sha256\": \"" + ApiKeys.sha256Hex(key) + "\", \"roles\": [\"" + role
                + "\"]}";
    }

    String writerToken() throws Exception {
        return Tokens.rs256(iam.rsa, Tokens.claims(iam.issuer(), "api-writer").build());
    }

    HttpResponse<String> post(String path, String token, String apiKey, String body) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (apiKey != null) {
            headers.put("X-API-Key", apiKey);
        }
        return postRaw(path, headers, body);
    }

    HttpResponse<String> postRaw(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return server.send(request);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (iam != null) {
            iam.close();
        }
    }
}
