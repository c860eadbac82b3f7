package skeleton.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The graph a {@code consumer_configs} table describes: workers, and the topics between them (a worker's output is
 * the input of every worker that reads that topic), with what is wrong in it (errors) and what deserves a look
 * (warnings). Every problem names the rows. Pure: no database, no Kafka.
 */
public final class Pipeline {

    public enum Severity { ERROR, WARNING }

    public record Problem(Severity severity, String message) {
        @Override
        public String toString() {
            return severity.name().toLowerCase() + ": " + message;
        }
    }

    private final String table;
    private final List<WorkerConfig> workers = new ArrayList<>();
    private final Map<String, Long> rowIds = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, List<WorkerConfig>> writers = new LinkedHashMap<>();
    private final Map<String, List<WorkerConfig>> readers = new LinkedHashMap<>();

    private Pipeline(String table) {
        this.table = table;
    }

    public static Pipeline of(List<ConsumerConfigs.StoredRow> rows, String table) {
        Pipeline p = new Pipeline(table);
        p.read(rows);
        p.link();
        p.checkBrokers();
        p.checkCycles();
        p.checkDiamonds();
        return p;
    }

    /** The valid rows, the first of each consumer_name, in table order. */
    public List<WorkerConfig> workers() {
        return workers;
    }

    public List<Problem> problems() {
        return problems;
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }

    /** Topics some worker reads and none writes: the pipeline's inputs from outside. */
    public Set<String> externalInputs() {
        Set<String> out = new TreeSet<>(readers.keySet());
        out.removeAll(writers.keySet());
        return out;
    }

    /** Topics some worker writes and none reads: the pipeline's results. */
    public Set<String> exits() {
        Set<String> out = new TreeSet<>(writers.keySet());
        out.removeAll(readers.keySet());
        return out;
    }

    /** The workers that write a topic (none for an external input). */
    public List<WorkerConfig> writersOf(String topic) {
        return writers.getOrDefault(topic, List.of());
    }

    /** The workers that read a topic. */
    public List<WorkerConfig> readersOf(String topic) {
        return readers.getOrDefault(topic, List.of());
    }

    /** Upstream first: a worker after every worker it reads from (the workers of a cycle in table order). */
    public List<WorkerConfig> ordered() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        for (WorkerConfig w : workers) {
            waiting.put(w.name(), upstream(w).size());
        }
        List<WorkerConfig> out = new ArrayList<>();
        while (out.size() < workers.size()) {
            WorkerConfig next = workers.stream().filter(w -> waiting.get(w.name()) == 0 && !out.contains(w)).findFirst()
                    .orElseGet(() -> workers.stream().filter(w -> !out.contains(w)).findFirst().orElseThrow());
            out.add(next);
            for (WorkerConfig d : downstream(next)) {
                waiting.computeIfPresent(d.name(), (k, n) -> Math.max(0, n - 1));
            }
        }
        return out;
    }

    /** The graph as text, one worker per line (inputs → worker → outputs), then the problems. */
    public String describe(String where) {
        StringBuilder out = new StringBuilder();
        Set<String> topics = new TreeSet<>(readers.keySet());
        topics.addAll(writers.keySet());
        out.append(table).append(" in ").append(where).append(": ").append(workers.size()).append(" worker")
                .append(workers.size() == 1 ? "" : "s").append(", ").append(topics.size()).append(" topic")
                .append(topics.size() == 1 ? "" : "s").append("\n\n");
        Set<String> external = externalInputs();
        Set<String> exits = exits();
        for (WorkerConfig w : ordered()) {
            out.append("  ").append(String.join(", ", w.inputs().stream().map(t -> external.contains(t) ? t + " (in)" : t).toList()))
                    .append(" → ").append(w.name()).append(" [").append(w.timeoutSeconds()).append(" s] → ")
                    .append(String.join(", ", w.outputs().stream().map(t -> exits.contains(t) ? t + " (out)" : t).toList()))
                    .append('\n');
        }
        out.append('\n');
        out.append("inputs from outside (no worker writes them): ").append(external.isEmpty() ? "none" : String.join(", ", external)).append('\n');
        out.append("results (no worker reads them): ").append(exits.isEmpty() ? "none" : String.join(", ", exits)).append('\n');
        long errors = problems.stream().filter(p -> p.severity() == Severity.ERROR).count();
        out.append('\n').append(errors).append(" error").append(errors == 1 ? "" : "s").append(", ")
                .append(problems.size() - errors).append(" warning").append(problems.size() - errors == 1 ? "" : "s").append('\n');
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        return out.toString();
    }

    // ---- the checks

    private void read(List<ConsumerConfigs.StoredRow> rows) {
        Map<String, List<ConsumerConfigs.StoredRow>> byName = new LinkedHashMap<>();
        for (ConsumerConfigs.StoredRow r : rows) {
            byName.computeIfAbsent(r.row().name().trim(), k -> new ArrayList<>()).add(r);
        }
        byName.forEach((name, same) -> {
            List<String> rowProblems = new ArrayList<>();
            WorkerConfig config = ConsumerConfigs.check(same.get(0).row(), table, rowProblems);
            rowProblems.forEach(p -> problems.add(new Problem(Severity.ERROR, p + " (id " + same.get(0).id() + ")")));
            if (config != null) {
                workers.add(config);
                rowIds.put(name, same.get(0).id());
            }
            if (same.size() > 1) {
                Set<String> shared = new LinkedHashSet<>(topicsOf(same.get(0)));
                same.subList(1, same.size()).forEach(r -> shared.retainAll(topicsOf(r)));
                problems.add(new Problem(Severity.ERROR, "consumer_name \"" + name + "\" is on " + same.size() + " rows of " + table
                        + " (ids " + String.join(", ", same.stream().map(r -> String.valueOf(r.id())).toList()) + "): "
                        + (shared.isEmpty() ? "" : "one consumer group, so they would split " + String.join(", ", shared)
                        + " between them, each joining only its share of the parts; ")
                        + "a worker runs only the first. Give each row its own consumer_name"));
            }
        });
    }

    private static Set<String> topicsOf(ConsumerConfigs.StoredRow r) {
        String raw = r.row().topicsInput() == null ? "" : r.row().topicsInput();
        Set<String> topics = new LinkedHashSet<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add);
        return topics;
    }

    private void link() {
        for (WorkerConfig w : workers) {
            w.inputs().forEach(t -> readers.computeIfAbsent(t, k -> new ArrayList<>()).add(w));
            w.outputs().forEach(t -> writers.computeIfAbsent(t, k -> new ArrayList<>()).add(w));
        }
    }

    /** A topic written on one cluster and read on another: the reader never sees the writer's results. */
    private void checkBrokers() {
        writers.forEach((topic, ws) -> {
            for (WorkerConfig writer : ws) {
                for (WorkerConfig reader : readersOf(topic)) {
                    if (!brokers(writer).equals(brokers(reader))) {
                        problems.add(new Problem(Severity.ERROR, "topic " + topic + ": " + row(writer) + " writes it to "
                                + writer.brokers() + ", " + row(reader) + " reads it from " + reader.brokers()
                                + ": the reader never sees the writer's results (kafka_bootstrap_server differs along the edge)"));
                    }
                }
            }
        });
    }

    private static Set<String> brokers(WorkerConfig w) {
        Set<String> out = new TreeSet<>();
        Arrays.stream(w.brokers().split(",")).map(String::trim).filter(b -> !b.isEmpty()).forEach(out::add);
        return out;
    }

    /** Each cycle of workers once, as the path round it. */
    private void checkCycles() {
        Set<String> reported = new java.util.HashSet<>();
        Map<String, Integer> state = new HashMap<>();
        for (WorkerConfig w : workers) {
            cycles(w, new ArrayDeque<>(), state, reported);
        }
    }

    private void cycles(WorkerConfig w, Deque<WorkerConfig> path, Map<String, Integer> state, Set<String> reported) {
        Integer s = state.get(w.name());
        if (s != null && s == 1) {
            List<WorkerConfig> loop = new ArrayList<>();
            boolean in = false;
            for (WorkerConfig p : path) {
                in = in || p.name().equals(w.name());
                if (in) {
                    loop.add(p);
                }
            }
            String key = String.join(",", new TreeSet<>(loop.stream().map(WorkerConfig::name).toList()));
            if (reported.add(key)) {
                StringBuilder round = new StringBuilder();
                for (int i = 0; i < loop.size(); i++) {
                    WorkerConfig from = loop.get(i);
                    WorkerConfig to = loop.get((i + 1) % loop.size());
                    round.append(from.name()).append(" → ").append(edge(from, to)).append(" → ");
                }
                round.append(w.name());
                problems.add(new Problem(Severity.WARNING, "cycle " + round + " (" + rows(loop) + "): each result goes"
                        + " round again, unless a processor on the way returns null for it"));
            }
            return;
        }
        if (s != null) {
            return;
        }
        state.put(w.name(), 1);
        path.addLast(w);
        for (WorkerConfig d : downstream(w)) {
            cycles(d, path, state, reported);
        }
        path.removeLast();
        state.put(w.name(), 2);
    }

    /**
     * A joining worker whose inputs come from one upstream worker by paths of different lengths: its parts arrive
     * at different times, by as much as the longer path takes, which its timeout must cover. Reported for the
     * nearest such upstream worker.
     */
    private void checkDiamonds() {
        for (WorkerConfig w : workers) {
            if (w.inputs().size() < 2) {
                continue;
            }
            Map<String, Map<String, Integer>> byInput = new LinkedHashMap<>();
            for (String t : w.inputs()) {
                byInput.put(t, distances(t));
            }
            String nearest = null;
            int best = Integer.MAX_VALUE;
            for (WorkerConfig u : workers) {
                List<Integer> lengths = new ArrayList<>();
                for (Map<String, Integer> d : byInput.values()) {
                    if (d.containsKey(u.name())) {
                        lengths.add(d.get(u.name()));
                    }
                }
                if (lengths.size() > 1 && lengths.stream().distinct().count() > 1) {
                    int near = lengths.stream().mapToInt(Integer::intValue).min().orElseThrow();
                    if (near < best) {
                        best = near;
                        nearest = u.name();
                    }
                }
            }
            if (nearest != null) {
                String from = nearest;
                List<String> paths = new ArrayList<>();
                byInput.forEach((t, d) -> {
                    if (d.containsKey(from)) {
                        int n = d.get(from);
                        paths.add(t + " " + n + " step" + (n == 1 ? "" : "s") + " from " + from);
                    }
                });
                problems.add(new Problem(Severity.WARNING, row(w) + " joins parts that come from " + from + " by paths of"
                        + " different lengths (" + String.join(", ", paths) + "): they arrive at different times, and"
                        + " its timeout (" + w.timeoutSeconds() + " s) must cover the difference"));
            }
        }
    }

    /** For a topic, each worker upstream of it and the fewest workers between (1: it writes the topic). */
    private Map<String, Integer> distances(String topic) {
        Map<String, Integer> d = new LinkedHashMap<>();
        Deque<WorkerConfig> queue = new ArrayDeque<>();
        for (WorkerConfig w : writersOf(topic)) {
            d.put(w.name(), 1);
            queue.add(w);
        }
        while (!queue.isEmpty()) {
            WorkerConfig w = queue.poll();
            for (WorkerConfig u : upstream(w)) {
                if (!d.containsKey(u.name())) {
                    d.put(u.name(), d.get(w.name()) + 1);
                    queue.add(u);
                }
            }
        }
        return d;
    }

    private List<WorkerConfig> upstream(WorkerConfig w) {
        Set<WorkerConfig> out = new LinkedHashSet<>();
        w.inputs().forEach(t -> out.addAll(writersOf(t)));
        out.remove(w);
        return new ArrayList<>(out);
    }

    private List<WorkerConfig> downstream(WorkerConfig w) {
        Set<WorkerConfig> out = new LinkedHashSet<>();
        w.outputs().forEach(t -> out.addAll(readersOf(t)));
        out.remove(w);
        return new ArrayList<>(out);
    }

    /** The topic by which one worker feeds another. */
    private static String edge(WorkerConfig from, WorkerConfig to) {
        return from.outputs().stream().filter(to.inputs()::contains).findFirst().orElse("?");
    }

    private String row(WorkerConfig w) {
        return w.name() + " (id " + rowIds.get(w.name()) + ")";
    }

    private String rows(List<WorkerConfig> ws) {
        return "ids " + String.join(", ", ws.stream().map(w -> String.valueOf(rowIds.get(w.name()))).toList());
    }
}
