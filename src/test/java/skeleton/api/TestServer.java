package skeleton.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.main.Main;

import skeleton.config.Settings;
import skeleton.security.ApiSecurity;

/**
 * A worker's camel-main with only the API installed, on free ports, and an HTTPS client that trusts its certificate.
 * Security is on: unless the test sets DISABLE_SECURITY or API_KEYS itself, the server knows one API key (roles
 * {@code reader}, {@code api-writer}) and {@link #send} adds it to every request that carries no credentials.
 */
public final class TestServer implements AutoCloseable {

    public final Main main;
    public final int httpsPort;
    /** The plain-HTTP port when the test asked for one with HTTP_PORT=free, else 0. */
    public final int httpPort;
    public final Path dir;
    public final HttpClient client;
    /** The key {@link #send} adds to a request without credentials, or null when the test brings its own settings. */
    private final String defaultKey;
    public static final String TEST_KEY = "csk_test-server-key-0123456789abcdefghijklmnopq";

    public TestServer(Map<String, String> extra) throws Exception {
        this(extra, true);
    }

    /** devMode false: as a worker with a database configured (then the certificate files must exist). */
    public TestServer(Map<String, String> extra, boolean devMode) throws Exception {
        dir = Files.createTempDirectory("api-test");
        defaultKey = extra.containsKey("DISABLE_SECURITY") || extra.containsKey("API_KEYS") ? null : TEST_KEY;
        boolean fixedPort = extra.containsKey("HTTPS_PORT");
        boolean plainHttp = "free".equals(extra.get("HTTP_PORT"));
        Main started = null;
        int port = 0;
        int plainPort = 0;
        // a port free when asked may be taken before the server binds it (other processes run beside the tests):
        // the start then fails on it, and other free ports are tried
        for (int attempt = 1; started == null; attempt++) {
            port = fixedPort ? Integer.parseInt(extra.get("HTTPS_PORT")) : freePort();
            Map<String, String> settings = new HashMap<>(extra);
            if (plainHttp) {
                plainPort = freePort();
                settings.put("HTTP_PORT", String.valueOf(plainPort));
            }
            Main candidate = new Main();
            try {
                start(candidate, port, settings, devMode);
                started = candidate;
            } catch (Exception e) {
                candidate.stop();
                if (fixedPort || attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
        main = started;
        httpsPort = port;
        httpPort = plainPort;
        client = HttpClient.newBuilder().sslContext(trusting(dir.resolve("tls/localhost.crt")))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void start(Main candidate, int port, Map<String, String> extra, boolean devMode) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of(
                "ENDPOINTS_FILE", "src/test/resources/endpoints/test-endpoint.json",
                "HTTP_HOST", "127.0.0.1",
                "CERTIFICATE_APP", dir.resolve("tls/localhost.crt").toString(),
                "KEY_APP", dir.resolve("tls/localhost.key").toString(),
                "DISABLE_SECURITY", "false",
                "API_KEYS_FILE", "src/test/resources/no-such-apikeys.json",
                "API_KEYS", "{\"keys\": [{\"name\": \"tester\", \"sha256\": \"" + sha256Hex(TEST_KEY)
                        + "\", \"roles\": [\"reader\", \"api-writer\"]}]}"));
        values.putAll(extra);
        values.put("HTTPS_PORT", String.valueOf(port));
        candidate.bind("echoBean", new EchoMethods());
        ApiModule.install(candidate, Settings.of(values), devMode, ApiSecurity::guard);
        candidate.start();
    }

    /** Whether a start failed because the HTTPS_PORT or HTTP_PORT asked for is bound by another process. */
    public static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("the port is taken by another process")
                    || t.getMessage().startsWith("cannot serve plain HTTP on HTTP_PORT") && t.getMessage().contains("in use"))) {
                return true;
            }
        }
        return false;
    }

    public URI uri(String path) {
        return URI.create("https://localhost:" + httpsPort + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        if (defaultKey != null && built.headers().firstValue("Authorization").isEmpty()
                && built.headers().firstValue("X-API-Key").isEmpty()) {
            built = request.header("X-API-Key", defaultKey).build();
        }
        return client.send(built, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static String sha256Hex(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        main.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir, e);
        }
    }
}
