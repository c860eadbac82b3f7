package skeleton.join;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gauge {@code worker.consumer.lag} (records) per input partition this process reads for a worker: how many
 * records of the partition lie past the consumer's position. Updated after every poll, on the consumer's thread, from
 * what the consumer learnt in its last fetch ({@link Consumer#currentLag}: no request to the broker); a scrape reads
 * numbers only. A partition that moves to another consumer leaves with its gauge.
 */
final class ConsumerLag {

    static final String NAME = "worker.consumer.lag";

    private final MeterRegistry registry;
    private final String worker;
    private final Map<TopicPartition, Entry> partitions = new ConcurrentHashMap<>();

    private record Entry(AtomicLong lag, Gauge gauge, Object owner) {
    }

    ConsumerLag(MeterRegistry registry, String worker) {
        this.registry = registry;
        this.worker = worker;
    }

    /** After a poll of {@code consumer}: the lag of each partition it holds; the gauges of those it gave up go. */
    void update(Consumer<?, ?> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition tp : assigned) {
            var lag = consumer.currentLag(tp);
            if (lag.isEmpty()) {
                continue;
            }
            Entry e = partitions.get(tp);
            if (e == null) {
                AtomicLong value = new AtomicLong();
                e = new Entry(value, Gauge.builder(NAME, value, AtomicLong::doubleValue).baseUnit("records")
                        .description("records of the input partition past the worker's position")
                        .tags("worker", worker, "topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                        .register(registry), consumer);
                partitions.put(tp, e);
            } else if (e.owner() != consumer) {
                // another consumer thread of the worker took the partition over
                e = new Entry(e.lag(), e.gauge(), consumer);
                partitions.put(tp, e);
            }
            e.lag().set(lag.getAsLong());
        }
        partitions.entrySet().removeIf(e -> {
            boolean gone = e.getValue().owner() == consumer && !assigned.contains(e.getKey());
            if (gone) {
                registry.remove(e.getValue().gauge());
            }
            return gone;
        });
    }

    /** The worker's consumers are closed: no partition is read here any more. */
    void clear() {
        partitions.values().forEach(e -> registry.remove(e.gauge()));
        partitions.clear();
    }
}
