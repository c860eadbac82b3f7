package bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the parts of ids 0..n-1 to the k input topics: all at once (throughput cases), one topic after the other
 * (lagging cases) or at a fixed rate of ids per second (latency cases), remembering when the last part of each id
 * was handed to the producer.
 */
final class Loader implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Long> lastPartSent = new ConcurrentHashMap<>();

    Loader(String brokers, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // not idempotent: on a starved broker its sequence checks can stall the load; a repeated part only refills its slot
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    /** Writes every part of ids 0..n-1 and waits until the broker has them all. */
    void preload(List<String> topics, int n) {
        for (int i = 0; i < n; i++) {
            sendId(topics, i);
        }
        producer.flush();
    }

    /** Writes every part of ids 0..n-1 to the first topic, then to the second, ...; waits until the broker has them all. */
    void topicByTopic(List<String> topics, int n) {
        for (int t = 0; t < topics.size(); t++) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topics.get(t), Parts.key(i), Parts.value(i, t)));
            }
        }
        producer.flush();
    }

    /**
     * Writes ids from..from+n-1 at {@code idsPerSecond}, each id's parts back to back, until all are written or the
     * budget is spent; returns how many ids were written.
     */
    int paced(List<String> topics, int from, int n, double idsPerSecond, Duration budget) {
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        int i = 0;
        for (; i < n && System.nanoTime() < end; i++) {
            long due = start + (long) (i * 1e9 / idsPerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sendId(topics, from + i);
            lastPartSent.put(Parts.id(from + i), System.nanoTime());
        }
        producer.flush();
        return i;
    }

    /** Forgets the send times recorded so far (those of a warm-up). */
    void forget() {
        lastPartSent.clear();
    }

    private void sendId(List<String> topics, int i) {
        byte[] key = Parts.key(i);
        for (int t = 0; t < topics.size(); t++) {
            producer.send(new ProducerRecord<>(topics.get(t), key, Parts.value(i, t)));
        }
    }

    /** System.nanoTime() when the last part of an id was handed to the producer (paced writes only). */
    Map<String, Long> lastPartSent() {
        return lastPartSent;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
