package bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a case's output topic from the start on its own thread and keeps, per key, when it first arrived
 * (System.nanoTime(); transactional output once committed); counts every record, and the records whose value does
 * not name every input topic (a join that emitted a partial group would be caught there).
 */
final class OutputWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> mustName;
    private final Map<String, Long> firstArrival = new HashMap<>();
    private final Thread loop;
    private volatile boolean running = true;
    private long records;
    private long malformed;
    private long lastArrival;

    OutputWatcher(String brokers, String topic, List<String> mustName, boolean transactional) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // read_committed only where it matters: the broker may hold a read_committed fetch up to fetch.max.wait.ms
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, transactional ? "read_committed" : "read_uncommitted");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = IntStream.range(0, BrokerAdmin.PARTITIONS).mapToObj(i -> new TopicPartition(topic, i)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.mustName = mustName;
        loop = new Thread(this::read, "output-watcher");
        loop.start();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                String value = new String(r.value(), StandardCharsets.UTF_8);
                synchronized (this) {
                    records++;
                    lastArrival = now;
                    firstArrival.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), now);
                    if (!mustName.stream().allMatch(value::contains)) {
                        malformed++;
                    }
                }
            }
        }
        consumer.close();
    }

    synchronized long records() {
        return records;
    }

    synchronized int distinctKeys() {
        return firstArrival.size();
    }

    synchronized long malformed() {
        return malformed;
    }

    synchronized long lastArrival() {
        return lastArrival;
    }

    synchronized Map<String, Long> firstArrival() {
        return new HashMap<>(firstArrival);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.join(5_000);
    }
}
