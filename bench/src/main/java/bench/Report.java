package bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes latest.md (the machine, the settings, the tables, the chart) and latest.json (every run's numbers). */
final class Report {

    private Report() {
    }

    static void write(BenchConfig config, List<StreamRow> streams, List<RestRow> rest, String deadlines) throws IOException {
        Files.createDirectories(config.results());
        String heading = config.label() + ", " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC";
        try {
            Chart.write(streams, rest, config.label(), config.results().resolve("latest.png"));
        } catch (RuntimeException e) {
            System.err.println("could not draw the chart: " + e);
        }
        String md = "# Benchmark results: " + heading + "\n\n" + machine() + "\n\nSettings: " + settings(config) + "\n\n"
                + "## Stream cases\n\n" + Table.streams(streams) + "\n## REST cases\n\n" + Table.rest(rest)
                + (deadlines == null ? "" : "\n## Deadline check at " + String.format("%,d", DeadlineScale.ROWS)
                        + " groups in flight\n\n" + deadlines)
                + "\n![chart](latest.png)\n\nHow to read this: [bench/README.md](../README.md).\n";
        Files.writeString(config.results().resolve("latest.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", config.label());
        json.put("time", Instant.now().toString());
        json.put("machine", machine());
        json.put("settings", settings(config));
        json.put("stream", streams.stream().map(r -> summary(streams, r)).toList());
        json.put("rest", rest);
        json.put("deadlines", deadlines);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(config.results().resolve("latest.json").toFile(), json);
        System.out.println("\n" + md);
    }

    private static Map<String, Object> summary(List<StreamRow> rows, StreamRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", r);
        m.put("medianRate", r.rate());
        m.put("processCpuPer100k", r.processCpuPer100k());
        m.put("brokerCpuPer100k", r.brokerCpuPer100k());
        m.put("p99Ms", r.p99());
        m.put("ratioToKafkaStreams", Table.streamsRow(rows, r).map(a -> r.rate() / a.rate()).orElse(null));
        m.put("ratioToRaw", r.joins() && !r.lagging() ? Table.rawShare(rows, r) : null);
        m.put("check", r.checks());
        return m;
    }

    private static String settings(BenchConfig c) {
        return "N = " + c.ids() + " ids, " + c.runs() + " run(s) per case (median, spread = min–max), budget "
                + c.budget().toSeconds() + " s per case, REST " + c.restSeconds() + " s per run after a 5 s warm-up, wrk "
                + Wrk.CONNECTIONS + " connections, JVM of each process under test: " + String.join(" ", c.jvm())
                + (BenchConfig.workerSettings().isEmpty() ? "" : ", our worker's settings added: " + BenchConfig.workerSettings());
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 20;
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " MiB RAM, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + "; broker, harness, databases and the process under test share these cores.";
    }
}
