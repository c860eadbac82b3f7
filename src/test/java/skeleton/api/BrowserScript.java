package skeleton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/browser/docs-try-it-out.mjs (headless Chromium driven by playwright-core) against a server's /docs.
 * Fails, never skips, when Chromium, node or the npm package is missing, saying how to install them.
 */
public final class BrowserScript {

    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private BrowserScript() {
    }

    /** The script's output; fails with it unless the script exits 0. {@code env} as the script's header says. */
    public static String run(int httpsPort, Map<String, String> env) throws Exception {
        requireTools();
        ProcessBuilder node = new ProcessBuilder("node", "docs-try-it-out.mjs").directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true);
        node.environment().put("BASE_URL", "https://localhost:" + httpsPort);
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
