package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams anchor: the same job as our worker (join the k input topics by id within the timeout, emit one
 * merged record per id) as a user would write it: the topics merged into one stream, a processor with a key-value
 * store of the groups in flight ({@code store=memory} or {@code rocksdb}, changelogged as Kafka Streams does by
 * default), {@code guarantee=at_least_once} or {@code exactly_once_v2}, one stream thread like our worker's one
 * consumer.
 */
final class StreamsJoin implements AutoCloseable {

    static final String STORE = "groups";

    private final KafkaStreams streams;
    private final Path stateDir;

    private StreamsJoin(KafkaStreams streams, Path stateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
    }

    static StreamsJoin start(Map<String, String> props) throws Exception {
        List<String> inputs = List.of(props.get("inputs").split(","));
        KeyValueBytesStoreSupplier store = props.get("store").equals("memory")
                ? Stores.inMemoryKeyValueStore(STORE) : Stores.persistentKeyValueStore(STORE);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(store, Serdes.String(), Serdes.String()));
        KStream<String, String> parts = null;
        for (String topic : inputs) {
            KStream<String, String> s = builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()));
            parts = parts == null ? s : parts.merge(s);
        }
        long timeout = Long.parseLong(props.get("timeoutMs"));
        parts.process(() -> new JoinByIdProcessor(inputs, timeout), STORE)
                .to(props.get("output"), Produced.with(Serdes.String(), Serdes.String()));

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, props.get("group"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, props.get("brokers"));
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, props.get("guarantee"));
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        Path stateDir = Files.createTempDirectory("bench-streams");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(builder.build(), config);
        streams.start();
        return new StreamsJoin(streams, stateDir);
    }

    @Override
    public void close() throws IOException {
        streams.close(Duration.ofSeconds(15));
        streams.cleanUp();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
