package bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One thing the stream cases measure: our worker with one repository, a Kafka Streams configuration, or the raw
 * pass-through. It says how to start it on a run's topics and what its output must be.
 */
interface Subject {

    /** The topics and names of one run of one case. */
    record Run(String brokers, List<String> inputs, String output, String group) {
    }

    /** The row's name in the table, e.g. {@code ours memory} or {@code streams rocksdb alos}. */
    String name();

    /** {@code ceiling}, {@code memory} or {@code durable}: ratios compare rows of the same class. */
    String durability();

    /** The {@link ChildMain} kind that runs it. */
    String kind();

    /** Whether it joins (one output per id) or copies (one output per part). */
    default boolean joins() {
        return true;
    }

    /** Whether its output is written in transactions (then read with read_committed, else read_uncommitted). */
    default boolean transactional() {
        return false;
    }

    /** Why it cannot run here (a database that is down), or empty. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** Prepares what the run needs outside the process (a config row) and returns the process's properties. */
    Map<String, String> prepare(Run run) throws Exception;

    /** Removes what {@link #prepare} created. */
    default void cleanup(Run run) {
    }

    /** The name of the thread the stack sampler watches when this subject is profiled. */
    default String busyThread() {
        return "StreamThread";
    }
}
