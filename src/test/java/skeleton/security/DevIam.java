package skeleton.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import skeleton.testing.HeldPort;

/**
 * The real Keycloak of the end-to-end tests, started with bin/dev-iam (as a developer starts it) on a free port with
 * maps/realm.json and a client secret and demo password made for this run. Fails with what went wrong, never skips.
 */
final class DevIam implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    int port;
    final String clientSecret = UUID.randomUUID().toString();
    final String demoPassword = UUID.randomUUID().toString();
    private final Path log;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code env}: more settings of bin/dev-iam, e.g. IAM_WEB_ORIGIN. */
    DevIam(Map<String, String> env) throws IOException {
        log = Files.createTempFile("dev-iam", ".log");
        // Keycloak binds its port seconds after it starts: when another process took the port meanwhile, Keycloak
        // ends with "Address already in use" and another free port is tried
        for (int attempt = 1; ; attempt++) {
            port = new HeldPort().release();
            ProcessBuilder builder = new ProcessBuilder(List.of("bin/dev-iam")).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("IAM_PORT", String.valueOf(port));
            builder.environment().put("IAM_CLIENT_SECRET", clientSecret);
            builder.environment().put("IAM_DEMO_PASSWORD", demoPassword);
            builder.environment().putAll(env);
            process = builder.start();
            try {
                Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                        .until(() -> !process.isAlive() || answers());
            } catch (ConditionTimeoutException e) {
                close();
                throw new IllegalStateException("bin/dev-iam did not answer on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s; its log ends with:\n" + tail());
            }
            if (process.isAlive()) {
                return;
            }
            String tail = tail();
            if (attempt == 3 || !tail.contains("Address already in use")) {
                throw new IllegalStateException("bin/dev-iam exited with " + process.exitValue() + " before Keycloak "
                        + "answered; its log ends with:\n" + tail);
            }
        }
    }

    String realm() {
        return "http://localhost:" + port + "/realms/skeleton";
    }

    /** An access token from the realm's token endpoint, for a form such as grant_type=client_credentials&... */
    String token(String form) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realm()
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the token request: " + response.statusCode() + " "
                    + response.body());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("access_token").asText();
    }

    private boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(realm() + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + log, e);
        }
    }
}
