package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run measures, from system properties (the bench pom passes {@code -Dbench.*} through): ids per case, the k values (input topics),
 * runs per case, the time budget of a case, which cases, seconds per REST measurement, the JVM settings of every
 * process under test, which case to profile, and a label printed above the results.
 */
record BenchConfig(int ids, List<Integer> ks, int runs, Duration budget, List<String> cases, int restSeconds, List<String> jvm,
                   String profile, String label, Path results) {

    static BenchConfig fromSystemProperties() {
        return new BenchConfig(
                number("bench.ids", 100_000),
                java.util.Arrays.stream(text("bench.k", "2,3").split(",")).map(String::trim).map(Integer::valueOf).toList(),
                number("bench.runs", 3),
                Duration.ofSeconds(number("bench.budget", 120)),
                java.util.Arrays.stream(text("bench.cases", "raw,streams,ours,lagging,rest,deadlines").split(","))
                        .map(String::trim).toList(),
                number("bench.restSeconds", 15),
                List.of(text("bench.jvm", "-Xms256m -Xmx1g").trim().split("\\s+")),
                text("bench.profile", ""),
                text("bench.label", "full run"),
                Path.of("bench", "results"));
    }

    /**
     * Whether a case group (raw, streams, ours, lagging, rest, deadlines) or a single row name (e.g. {@code ours h2},
     * {@code lagging: ours h2}) is selected.
     */
    boolean selected(String group) {
        return cases.contains(group);
    }

    /**
     * Settings added to every row of our worker, from {@code -Dbench.worker="KEY=VALUE,KEY=VALUE"} (for example
     * {@code CONSUMER_THREADS=3}): to measure a setting against the defaults.
     */
    static java.util.Map<String, String> workerSettings() {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String pair : text("bench.worker", "").split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("bench.worker: expected KEY=VALUE, found \"" + pair + "\"");
                }
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return settings;
    }

    private static int number(String key, int fallback) {
        String v = text(key, "");
        return v.isEmpty() ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    private static String text(String key, String fallback) {
        String v = System.getProperty(key, "");
        return v.isBlank() || v.startsWith("${") ? fallback : v.trim();
    }
}
