package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads a worker's dead letters and puts them back into that worker only, through its replay topic
 * ({@link ReplayTopic}). A dead-lettered record goes back as it was (or as a user fixed it); a joined message whose
 * processor or output failed goes back as its parts, read again at their positions, so the worker joins them anew.
 * Each keeps its original key, headers and data time.
 */
public final class DeadLetterReplay implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Pattern POSITION = Pattern.compile("(.+)\\[(\\d+)]@(\\d+)");

    /** A dead letter of the worker, as read from its dead-letter topic. */
    public record DeadLetter(String position, String key, long timestamp, String error, ConsumerRecord<byte[], byte[]> record) {
    }

    /**
     * One record to put back: the input topic whose slot it fills, its key, value, data time and headers; the dead
     * letter it comes from.
     */
    public record Replayed(String deadLetter, String topic, byte[] key, byte[] value, long timestamp, Map<String, byte[]> headers) {
    }

    /** What a dead letter becomes: the records to put back, or why it cannot be put back. */
    public record Plan(DeadLetter deadLetter, List<Replayed> records, String problem) {
    }

    private final String worker;
    private final String brokers;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public DeadLetterReplay(String worker, String brokers) {
        this.worker = worker;
        this.brokers = brokers;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, worker + "-replay-" + UUID.randomUUID().toString().substring(0, 8));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The worker's dead letters in {@code topic} (shared or its own) that pass the filter, oldest first per partition. */
    public List<DeadLetter> read(String topic, Predicate<DeadLetter> filter) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<DeadLetter> out = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))
                        || !worker.equals(header(r, DeadLetters.WORKER))) {
                    continue;
                }
                DeadLetter d = new DeadLetter(r.topic() + "[" + r.partition() + "]@" + r.offset(),
                        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.timestamp(),
                        header(r, DeadLetters.ERROR), r);
                if (filter.test(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /** What putting a dead letter back means: its record, or the parts of its joined message read at their positions. */
    public Plan plan(DeadLetter d) {
        ConsumerRecord<byte[], byte[]> r = d.record();
        String source = header(r, DeadLetters.SOURCE);
        String topic = header(r, DeadLetters.TOPIC);
        if (topic != null) {
            // a record that never joined: back as it is, in the slot it was read for
            String slot = slotOf(r, topic);
            byte[] value = r.value();
            Long timestamp = parseLong(header(r, DeadLetters.TIMESTAMP));
            if (value == null || timestamp == null) {
                // left out of the dead letter (too large), or a dead letter from before its data time was noted
                ConsumerRecord<byte[], byte[]> original = readAt(source);
                if (original != null) {
                    value = value == null ? original.value() : value;
                    timestamp = timestamp == null ? original.timestamp() : timestamp;
                } else if (value == null) {
                    return new Plan(d, List.of(), "its value was left out (too large) and the original at " + source
                            + " is no longer on the broker");
                }
            }
            return new Plan(d, List.of(new Replayed(d.position(), slot, r.key(), value,
                    timestamp == null ? r.timestamp() : timestamp, headersOf(r))), null);
        }
        if (source == null) {
            return new Plan(d, List.of(), "it has no header " + DeadLetters.SOURCE + ": where its parts were read is unknown");
        }
        List<Replayed> parts = new ArrayList<>();
        for (String position : source.split(",")) {
            ConsumerRecord<byte[], byte[]> part = readAt(position);
            if (part == null) {
                return new Plan(d, List.of(), "its part at " + position + " is no longer on the broker (retention)");
            }
            parts.add(new Replayed(d.position(), slotOf(part, part.topic()), part.key(), part.value(), part.timestamp(),
                    headersOf(part)));
        }
        return new Plan(d, parts, null);
    }

    /** The record at {@code topic[partition]@offset}, or null when the broker no longer holds it. */
    private ConsumerRecord<byte[], byte[]> readAt(String position) {
        Matcher m = position == null ? null : POSITION.matcher(position.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        TopicPartition tp = new TopicPartition(m.group(1), Integer.parseInt(m.group(2)));
        long offset = Long.parseLong(m.group(3));
        consumer.assign(List.of(tp));
        long start = consumer.beginningOffsets(List.of(tp)).get(tp);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        if (offset < start || offset >= end) {
            return null;
        }
        consumer.seek(tp, offset);
        while (consumer.position(tp) <= offset) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() == offset) {
                    return r;
                }
            }
        }
        return null; // a transaction marker or an aborted record sits there
    }

    /**
     * Sends the records to the worker's replay topic, each marked with its slot, the time of the replay and the dead
     * letter it comes from; returns once the broker has acknowledged every one.
     */
    public void send(List<Replayed> records, long replayedAt) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (Replayed r : records) {
                ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(ReplayTopic.of(worker), null, r.timestamp(), r.key(), r.value());
                r.headers().forEach((k, v) -> out.headers().add(new RecordHeader(k, v)));
                out.headers().add(ReplayTopic.SLOT, r.topic().getBytes(StandardCharsets.UTF_8));
                out.headers().add(ReplayTopic.AT, Long.toString(replayedAt).getBytes(StandardCharsets.UTF_8));
                out.headers().add(ReplayTopic.OF, r.deadLetter().getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(out));
            }
            producer.flush();
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    /** The input topic a record was read for: the slot an earlier replay gave it, else {@code topic}. */
    private static String slotOf(ConsumerRecord<?, ?> r, String topic) {
        String slot = header(r, ReplayTopic.SLOT);
        return slot != null ? slot : topic;
    }

    /** A record's own headers, without what a dead letter or an earlier replay added. */
    private static Map<String, byte[]> headersOf(ConsumerRecord<byte[], byte[]> r) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            if (!h.key().startsWith("dlq.") && !h.key().startsWith("replay.")) {
                out.put(h.key(), h.value());
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Long parseLong(String text) {
        try {
            return text == null ? null : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
