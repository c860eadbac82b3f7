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
import java.util.function.BiFunction;

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
 * outside script) with live figures of this process's workers: per worker its consumer lag, groups in flight, joins,
 * discards and dead letters per minute; per edge into a worker its lag on that topic, its watermark with the upstream
 * worker holding it back (if one does) and, per minute, the records read from it, the groups discarded without a part
 * from it and its records dead-lettered. The page asks
 * {@code /observe/pipeline.json} every 2 s.
 */
final class PipelinePage {

    /** How far back the per-minute rates look. */
    private static final long WINDOW_MILLIS = 60_000;

    private final DataSource dataSource;
    private final String table;
    private final MeterRegistry meters;
    private final Set<String> running;
    /** A running worker's input watermark and the writer holding it back (worker, topic). */
    private final BiFunction<String, String, Map<String, Object>> watermarks;
    /**
     * Per worker and per edge into a worker: samples of its counters (time first) over the last minute, one per
     * request at most 1 s apart.
     */
    private final Map<String, Deque<double[]>> samples = new HashMap<>();

    PipelinePage(DataSource dataSource, String table, MeterRegistry meters, Set<String> running,
                 BiFunction<String, String, Map<String, Object>> watermarks) {
        this.dataSource = dataSource;
        this.table = table;
        this.meters = meters;
        this.running = Set.copyOf(running);
        this.watermarks = watermarks;
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
                edge.put("figures", running.contains(w.name()) ? edgeFigures(w.name(), in, now) : null);
                edge.put("watermark", running.contains(w.name()) ? watermarks.apply(w.name(), in) : null);
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
        double[] sample = {now, count(WorkerMetrics.JOINED, worker, null), count(WorkerMetrics.DISCARDED, worker, null),
            count(WorkerMetrics.DEAD_LETTERED, worker, null) + count(WorkerMetrics.FAILED, worker, null)};
        long[] perMinute = perMinute("w:" + worker, sample);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("lag", lag(worker, null));
        f.put("inFlight", gauge("worker.groups.in_flight", worker));
        f.put("joined", (long) sample[1]);
        f.put("joinsPerMinute", perMinute[0]);
        f.put("discardsPerMinute", perMinute[1]);
        f.put("deadLettersPerMinute", perMinute[2]);
        return f;
    }

    /**
     * An edge's figures per minute: the records the worker read from the topic, the groups it discarded for want of a
     * part from there, and the records from there it dead-lettered.
     */
    private Map<String, Object> edgeFigures(String worker, String topic, long now) {
        long[] perMinute = perMinute("e:" + topic + ">" + worker, new double[] {now,
            count(WorkerMetrics.TOPIC_RECORDS, worker, topic), count(WorkerMetrics.DISCARDED_MISSING, worker, topic),
            count(WorkerMetrics.TOPIC_DEAD_LETTERS, worker, topic)});
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("recordsPerMinute", perMinute[0]);
        f.put("discardsPerMinute", perMinute[1]);
        f.put("deadLettersPerMinute", perMinute[2]);
        return f;
    }

    /** Keeps the sample ({time, counts...}) and returns how much each count grew over the last minute. */
    private long[] perMinute(String key, double[] sample) {
        double now = sample[0];
        Deque<double[]> window = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (window.isEmpty() || now - window.peekLast()[0] >= 1000) {
            window.addLast(sample);
        }
        while (window.size() > 1 && now - window.peekFirst()[0] > WINDOW_MILLIS) {
            window.removeFirst();
        }
        double[] first = window.peekFirst();
        long[] growth = new long[sample.length - 1];
        for (int i = 1; i < sample.length; i++) {
            growth[i - 1] = (long) (sample[i] - first[i]);
        }
        return growth;
    }

    private double count(String name, String worker, String topic) {
        var search = meters.find(name).tag("worker", worker);
        Counter c = (topic == null ? search : search.tag("topic", topic)).counter();
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
