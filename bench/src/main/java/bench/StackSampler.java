package bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Wall-clock stack sampling of the threads whose name contains a given text (our worker's Kafka consumer thread,
 * which does the whole join), every 5 ms: where the thread spends its time, running or waiting, which a CPU profiler
 * (JFR's execution samples) does not show for a thread blocked on a database or broker round trip. At close it writes
 * two histograms: by the innermost frame of our code, Camel's JDBC repository or the Kafka consumer, and by the
 * innermost frame of all.
 */
final class StackSampler implements AutoCloseable {

    private static final List<String> OURS = List.of("skeleton.", "routes.",
            "org.apache.camel.processor.aggregate.jdbc.", "org.apache.kafka.clients.consumer.KafkaConsumer");

    private final String threadName;
    private final Path output;
    private final Thread loop;
    private final Map<String, Integer> byCaller = new HashMap<>();
    private final Map<String, Integer> byLeaf = new HashMap<>();
    private volatile boolean running = true;
    private int samples;

    private StackSampler(String threadName, Path output) {
        this.threadName = threadName;
        this.output = output;
        this.loop = new Thread(this::sample, "stack-sampler");
        loop.setDaemon(true);
    }

    static StackSampler start(String threadName, Path output) {
        StackSampler s = new StackSampler(threadName, output);
        s.loop.start();
        return s;
    }

    private void sample() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] watched = {};
        for (long tick = 0; running; tick++) {
            if (tick % 200 == 0) {
                watched = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds(), 0))
                        .filter(i -> i != null && i.getThreadName().contains(threadName)).mapToLong(ThreadInfo::getThreadId).toArray();
            }
            for (ThreadInfo info : threads.getThreadInfo(watched, 200)) {
                if (info != null && info.getStackTrace().length > 0) {
                    record(info);
                }
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private synchronized void record(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        String state = info.getThreadState() == Thread.State.RUNNABLE ? "RUNNABLE" : "WAITING";
        String caller = "(other)";
        for (StackTraceElement f : stack) {
            if (OURS.stream().anyMatch(f.getClassName()::startsWith)) {
                caller = f.getClassName() + "." + f.getMethodName();
                break;
            }
        }
        byCaller.merge(caller + " [" + state + "]", 1, Integer::sum);
        byLeaf.merge(stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
        samples++;
    }

    @Override
    public synchronized void close() throws IOException {
        running = false;
        StringBuilder out = new StringBuilder("wall-clock samples of threads named *" + threadName + "*: " + samples
                + "\n\nby innermost frame of the worker, Camel's JDBC repository or KafkaConsumer [thread state]:\n");
        append(out, byCaller);
        out.append("\nby innermost frame:\n");
        append(out, byLeaf);
        Files.writeString(output, out);
    }

    private void append(StringBuilder out, Map<String, Integer> histogram) {
        histogram.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> out.append(String.format("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }
}
