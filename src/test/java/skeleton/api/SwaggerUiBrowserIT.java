package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A person's view of /docs: headless Chromium, driven by playwright-core (src/test/browser), uses "Try it out" on
 * the demo endpoint of maps/endpoint.json and sees 200; with security on, after entering an API key in "Authorize". Fails, never skips, when Chromium or the npm package is
 * missing, saying how to install them.
 */
class SwaggerUiBrowserIT {

    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void try_it_out_on_the_demo_endpoint_answers_200() throws Exception {
        requireTools();
        try (TestServer server = new TestServer(Map.of("ENDPOINTS_FILE", "maps/endpoint.json"))) {
            String output = run(server, Map.of());

            assertThat(output).contains("response status 200").contains("\"path\": [ \"api:input\" ]");
        }
    }

    @Test
    void authorize_with_an_api_key_then_try_it_out_answers_200_and_without_it_401() throws Exception {
        requireTools();
        String key = "csk_browser-test-" + java.util.UUID.randomUUID();
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        try (TestServer server = new TestServer(Map.of("ENDPOINTS_FILE", "maps/endpoint.json",
                "DISABLE_SECURITY", "false", "IAM_JWKS_URL", "http://127.0.0.1:9/unused", "IAM_ISSUER", "unused",
                "API_KEYS", "{\"keys\": [{\"name\": \"browser\", \"sha256\": \"" + digest + "\"}]}"))) {
            String authorized = run(server, Map.of("API_KEY", key));
            String anonymous = run(server, Map.of("EXPECTED_STATUS", "401"));

            assertThat(authorized).contains("authorized with the API key").contains("response status 200");
            assertThat(anonymous).contains("response status 401");
        }
    }

    /** Runs the browser script against the server; fails with its output unless it exits 0. */
    private static String run(TestServer server, Map<String, String> env) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "docs-try-it-out.mjs").directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "https://localhost:" + server.httpsPort);
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().putAll(env);
        Process process = node.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the browser test did not finish in 120 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void requireTools() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing at " + CHROMIUM + ": install it with `apt-get update && apt-get install -y "
                    + "chromium` (or set CHROMIUM to its path)");
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is missing: run `npm ci --prefix src/test/browser` (needs node and npm)");
        }
        Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        if (!version.waitFor(20, TimeUnit.SECONDS) || version.exitValue() != 0) {
            fail("node is missing or broken: install Node.js 18 or later (`apt-get install -y nodejs npm`)");
        }
    }
}
