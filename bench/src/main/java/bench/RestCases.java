package bench;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import skeleton.api.DevCertificate;

/**
 * The REST cases: the demo endpoint (POST with body validation) of our worker, and the bare Vert.x ceiling, each
 * over HTTPS and plain HTTP with the same certificate, in a process of its own on the same JVM settings. Each server
 * answers one request first, checked against the expected JSON; then wrk warms it up and measures it.
 */
final class RestCases {

    static final String ANSWER = "{\"id\":\"123\",\"content\":{\"message\":\"hello from wrk\",\"path\":[\"api:input\"]},\"topics\":[]}";
    private static final int HTTPS_PORT = 18443;
    private static final int HTTP_PORT = 18080;
    private static final int WARM_UP_SECONDS = 5;

    private final BenchConfig config;
    private final String brokers;
    private final BrokerAdmin admin;

    RestCases(BenchConfig config, String brokers, BrokerAdmin admin) {
        this.config = config;
        this.brokers = brokers;
        this.admin = admin;
    }

    List<RestRow> runAll() throws Exception {
        Path tls = Files.createDirectories(Path.of("bench", "target", "tls"));
        Path certificate = tls.resolve("localhost.crt");
        Path key = tls.resolve("localhost.key");
        DevCertificate.generate(certificate, key);
        List<RestRow> rows = new ArrayList<>();
        rows.addAll(measureOrReport("ours", ours(certificate, key)));
        rows.addAll(measureOrReport("vert.x", Map.of("certificate", certificate.toString(), "key", key.toString(),
                "answer", ANSWER, "httpsPort", Integer.toString(HTTPS_PORT), "httpPort", Integer.toString(HTTP_PORT))));
        rows.forEach(r -> System.out.printf("%-26s %s%n", r.name(), Table.summary(r)));
        return rows;
    }

    /**
     * The API key the harness calls our endpoint with: the demo endpoint accepts any authenticated caller, so the
     * measured requests pay for the key check as a user's would (a SHA-256 and a constant-time compare).
     */
    private static final String API_KEY = "csk_bench_" + java.util.UUID.randomUUID().toString().replace("-", "");

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Map<String, String> ours(Path certificate, Path key) throws Exception {
        String group = "bench_rest_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Subject.Run run = new Subject.Run(brokers, List.of(group + "_in"), group + "_out", group);
        Map<String, String> s = new java.util.LinkedHashMap<>(OurWorker.memory().prepare(run));
        s.put("API_ENABLED", "true");
        s.put("HTTP_HOST", "127.0.0.1");
        s.put("HTTPS_PORT", Integer.toString(HTTPS_PORT));
        s.put("HTTP_PORT", Integer.toString(HTTP_PORT));
        s.put("CERTIFICATE_APP", certificate.toString());
        s.put("KEY_APP", key.toString());
        s.put("ENDPOINTS_FILE", Path.of("maps", "endpoint.json").toAbsolutePath().toString());
        s.put("API_KEYS", "{\"keys\": [{\"name\": \"bench\", \"sha256\": \"" + sha256(API_KEY) + "\", \"roles\": []}]}");
        return s;
    }

    /** The rows of one server, or rows saying why it could not be measured. */
    private List<RestRow> measureOrReport(String server, Map<String, String> props) {
        try {
            return measure(server, props);
        } catch (Exception e) {
            e.printStackTrace();
            return List.of(new RestRow("rest https " + server, "https", server, List.of(), Double.NaN, "failed: " + e),
                    new RestRow("rest http " + server, "http", server, List.of(), Double.NaN, "failed: " + e));
        }
    }

    private List<RestRow> measure(String server, Map<String, String> props) throws Exception {
        String kind = server.equals("ours") ? "worker" : "vertx";
        List<RestRow> rows = new ArrayList<>();
        try (ChildProcess child = ChildProcess.start(kind, "rest-" + kind, props, config.jvm())) {
            awaitPort(child, HTTPS_PORT);
            awaitPort(child, HTTP_PORT);
            Map<String, String> headers = server.equals("ours") ? Map.of("X-API-Key", API_KEY) : Map.of();
            String check = AnswerCheck.post("http://127.0.0.1:" + HTTP_PORT + "/api/", Wrk.BODY, ANSWER, headers);
            for (String scheme : List.of("https", "http")) {
                String url = scheme + "://127.0.0.1:" + (scheme.equals("https") ? HTTPS_PORT : HTTP_PORT) + "/api/";
                Wrk.run(url, WARM_UP_SECONDS, headers);
                List<Wrk.Result> runs = new ArrayList<>();
                for (int i = 0; i < config.runs(); i++) {
                    runs.add(Wrk.run(url, config.restSeconds(), headers));
                }
                long failed = runs.stream().mapToLong(Wrk.Result::errors).sum();
                String rowCheck = failed > 0 && check.equals("ok")
                        ? "WRONG: " + failed + " requests failed (non-2xx answers or socket errors)" : check;
                rows.add(new RestRow("rest " + scheme + " " + server, scheme, server, runs, child.peakRssMiB(), rowCheck));
            }
        }
        return rows;
    }

    private static void awaitPort(ChildProcess child, int port) throws Exception {
        boolean listening = Poll.until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        }, System.nanoTime() + 90_000_000_000L, child::checkAlive);
        if (!listening) {
            throw new IllegalStateException("nothing listens on port " + port + " after 90 s");
        }
    }
}
