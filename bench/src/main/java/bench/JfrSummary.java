package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU side of a profiled case: JFR's execution samples of the process under test (recorded with
 * {@code -XX:StartFlightRecording}), counted by their innermost frame and by the innermost frame of a few packages
 * that matter here; written beside the wall-clock samples of {@link StackSampler}.
 */
final class JfrSummary {

    private static final List<String> OURS = List.of("skeleton.", "routes.", "org.apache.camel.processor.aggregate.jdbc.",
            "org.h2.", "com.mysql.", "org.postgresql.", "com.fasterxml.", "org.apache.kafka.");

    private JfrSummary() {
    }

    static void write(Path recording, Path output) throws IOException {
        Map<String, Integer> leaf = new HashMap<>();
        Map<String, Integer> byPackage = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            leaf.merge(name(frames.get(0)), 1, Integer::sum);
            String owner = frames.stream().map(JfrSummary::name).filter(n -> OURS.stream().anyMatch(n::startsWith))
                    .findFirst().orElse("(JDK or other)");
            byPackage.merge(owner, 1, Integer::sum);
            samples++;
        }
        StringBuilder out = new StringBuilder("JFR execution samples (CPU, all threads): " + samples
                + "\n\nby innermost frame in the worker, Camel JDBC, a JDBC driver, Jackson or Kafka:\n");
        append(out, byPackage, samples);
        out.append("\nby innermost frame:\n");
        append(out, leaf, samples);
        Files.writeString(output, out);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void append(StringBuilder out, Map<String, Integer> histogram, int samples) {
        histogram.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> out.append(String.format("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }
}
