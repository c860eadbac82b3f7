package skeleton.config;

import java.util.List;

/**
 * One row of {@code consumer_configs}: the wiring of one worker.
 *
 * @param name      {@code consumer_name}: also the Kafka consumer group and the route id
 * @param inputs    {@code topics_input}, in the order their contents are merged (a later topic wins a key clash)
 * @param outputs   {@code topics_output}: every one receives each result
 * @param metadatas free text handed to the processor, or null
 * @param brokers   {@code kafka_bootstrap_server}
 * @param timeoutSeconds how far apart, in record time, the parts of one id may be
 */
public record WorkerConfig(String name, List<String> inputs, List<String> outputs, String metadatas, String brokers,
                           long timeoutSeconds) {

    public WorkerConfig {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public long timeoutMillis() {
        return timeoutSeconds * 1000L;
    }

    /** The same worker reading from and writing to another broker (KAFKA_BOOTSTRAP_SERVERS, dev mode). */
    public WorkerConfig withBrokers(String newBrokers) {
        return new WorkerConfig(name, inputs, outputs, metadatas, newBrokers, timeoutSeconds);
    }
}
