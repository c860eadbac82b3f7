package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The set-up and tear-down of one run of one stream case: fresh input and output topics (3 partitions each), the
 * subject's outside preparation, the process under test, the watcher of its output; everything removed at close.
 */
final class CaseRun implements AutoCloseable {

    final Subject subject;
    final Subject.Run run;
    final BrokerAdmin admin;
    final OutputWatcher watcher;
    private final List<String> topics = new ArrayList<>();
    private ChildProcess child;
    private Path recording;
    private Path cpuSummary;

    CaseRun(Subject subject, int k, String brokers, BrokerAdmin admin) throws Exception {
        this.subject = subject;
        this.admin = admin;
        String group = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> inputs = IntStream.range(0, k).mapToObj(t -> group + "_in" + t).toList();
        this.run = new Subject.Run(brokers, inputs, group + "_out", group);
        topics.addAll(inputs);
        topics.add(run.output());
        admin.create(topics);
        watcher = new OutputWatcher(brokers, run.output(), subject.joins() ? inputs : List.of(), subject.transactional());
    }

    /** Starts the process under test (with the stack sampler when profiled) and waits until it reads every partition. */
    long start(BenchConfig config, String caseName) throws Exception {
        Map<String, String> props = new HashMap<>(subject.prepare(run));
        // file names: "lagging: ours h2" becomes lagging-ours-h2
        String name = caseName + "-" + subject.name().replaceAll("[^A-Za-z0-9.]+", "-") + "-k" + run.inputs().size();
        List<String> jvm = new ArrayList<>(config.jvm());
        if (!config.profile().isEmpty() && subject.name().equals(config.profile())) {
            Path base = Path.of("bench", "results", "profile-" + name).toAbsolutePath();
            props.put("sample.threads", subject.busyThread());
            props.put("sample.file", base + "-wall.txt");
            recording = Path.of("bench", "target", name + ".jfr").toAbsolutePath();
            cpuSummary = Path.of(base + "-cpu.txt");
            jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        child = ChildProcess.start(subject.kind(), name + "-" + run.group(), props, jvm);
        return admin.awaitAssigned(run.group(), run.inputs().size() * BrokerAdmin.PARTITIONS, child, Duration.ofSeconds(90));
    }

    ChildProcess child() {
        return child;
    }

    /** Outputs that complete the run: one per id for a join, one per part for the pass-through. */
    long expected(int ids) {
        return subject.joins() ? ids : (long) ids * run.inputs().size();
    }

    long done() {
        return subject.joins() ? watcher.distinctKeys() : watcher.records();
    }

    /** Waits, checking every 20 ms, until the condition holds or the deadline (System.nanoTime()) passes. */
    boolean await(BooleanSupplier condition, long deadline) throws Exception {
        return Poll.until(condition::getAsBoolean, deadline, child::checkAlive);
    }

    @Override
    public void close() throws Exception {
        try {
            if (child != null) {
                child.close();
            }
            if (recording != null && java.nio.file.Files.exists(recording)) {
                JfrSummary.write(recording, cpuSummary);
            }
            watcher.close();
        } finally {
            subject.cleanup(run);
            admin.delete(topics);
        }
    }
}
