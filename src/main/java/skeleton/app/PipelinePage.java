package skeleton.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import skeleton.config.ConsumerConfigs;
import skeleton.config.Pipeline;
import skeleton.config.WorkerConfig;
import skeleton.join.WorkerMetrics;

/**
 * {@code /observe/pipeline}: the graph of consumer_configs drawn in the browser (an SVG the page builds itself, no
 * outside script) with live figures of this process's workers: consumer lag per worker and per input edge, groups in
 * flight, joins, discards and dead letters per minute. The page asks {@code /observe/pipeline.json} every 2 s.
 */
final class PipelinePage {

    /** How far back the per-minute rates look. */
    private static final long WINDOW_MILLIS = 60_000;

    private final DataSource dataSource;
    private final String table;
    private final MeterRegistry meters;
    private final Set<String> running;
    /** Per worker: (time, joined, discarded, dead-lettered) samples of the last minute, one per request at most 1 s apart. */
    private final Map<String, Deque<double[]>> samples = new HashMap<>();

    PipelinePage(DataSource dataSource, String table, MeterRegistry meters, Set<String> running) {
        this.dataSource = dataSource;
        this.table = table;
        this.meters = meters;
        this.running = Set.copyOf(running);
    }

    /** The page itself, a resource of the jar. */
    static String html() {
        try (InputStream in = PipelinePage.class.getResourceAsStream("/observe/pipeline.html")) {
            if (in == null) {
                throw new IllegalStateException("observe/pipeline.html is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The graph with its layout (a column and a row per node) and the figures. */
    synchronized Map<String, Object> snapshot() {
        Pipeline pipeline = Pipeline.of(ConsumerConfigs.rows(dataSource, table, table), table);
        Map<String, Integer> column = new LinkedHashMap<>();
        for (WorkerConfig w : pipeline.ordered()) {
            int col = 1;
            for (String in : w.inputs()) {
                col = Math.max(col, column.getOrDefault("t:" + in, 0) + 1);
            }
            column.put("w:" + w.name(), col);
            for (String out : w.outputs()) {
                column.merge("t:" + out, col + 1, Math::max);
            }
            for (String in : w.inputs()) {
                column.putIfAbsent("t:" + in, col - 1);
            }
        }
        Map<Integer, Integer> rows = new HashMap<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Integer> e : column.entrySet()) {
            Map<String, Object> n = new LinkedHashMap<>();
            String name = e.getKey().substring(2);
            boolean worker = e.getKey().startsWith("w:");
            n.put("kind", worker ? "worker" : "topic");
            n.put("name", name);
            n.put("column", e.getValue());
            n.put("row", rows.merge(e.getValue(), 1, Integer::sum) - 1);
            if (worker) {
                n.put("figures", running.contains(name) ? figures(name, now) : null);
            } else {
                n.put("role", pipeline.externalInputs().contains(name) ? "in" : pipeline.exits().contains(name) ? "out" : "between");
            }
            nodes.add(n);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (WorkerConfig w : pipeline.workers()) {
            for (String in : w.inputs()) {
                Map<String, Object> edge = new LinkedHashMap<>();
                edge.put("from", "t:" + in);
                edge.put("to", "w:" + w.name());
                edge.put("lag", running.contains(w.name()) ? lag(w.name(), in) : null);
                edges.add(edge);
            }
            for (String out : w.outputs()) {
                edges.add(Map.of("from", "w:" + w.name(), "to", "t:" + out));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", table);
        out.put("nodes", nodes);
        out.put("edges", edges);
        out.put("problems", pipeline.problems().stream().map(Object::toString).toList());
        return out;
    }

    private Map<String, Object> figures(String worker, long now) {
        double[] sample = {now, count(WorkerMetrics.JOINED, worker), count(WorkerMetrics.DISCARDED, worker),
            count(WorkerMetrics.DEAD_LETTERED, worker) + count(WorkerMetrics.FAILED, worker)};
        Deque<double[]> window = samples.computeIfAbsent(worker, k -> new ArrayDeque<>());
        if (window.isEmpty() || now - window.peekLast()[0] >= 1000) {
            window.addLast(sample);
        }
        while (window.size() > 1 && now - window.peekFirst()[0] > WINDOW_MILLIS) {
            window.removeFirst();
        }
        double[] first = window.peekFirst();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("lag", lag(worker, null));
        f.put("inFlight", gauge("worker.groups.in_flight", worker));
        f.put("joined", (long) sample[1]);
        f.put("joinsPerMinute", (long) (sample[1] - first[1]));
        f.put("discardsPerMinute", (long) (sample[2] - first[2]));
        f.put("deadLettersPerMinute", (long) (sample[3] - first[3]));
        return f;
    }

    private double count(String name, String worker) {
        Counter c = meters.find(name).tag("worker", worker).counter();
        return c == null ? 0 : c.count();
    }

    private long gauge(String name, String worker) {
        Gauge g = meters.find(name).tag("worker", worker).gauge();
        return g == null || Double.isNaN(g.value()) ? 0 : (long) g.value();
    }

    /** The worker's lag, on one topic or on all. */
    private long lag(String worker, String topic) {
        var search = meters.find("worker.consumer.lag").tag("worker", worker);
        if (topic != null) {
            search = search.tag("topic", topic);
        }
        return (long) search.gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
    }
}
