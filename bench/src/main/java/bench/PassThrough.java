package bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw ceiling: a plain kafka-clients consumer copies every input record to the output topic, key and value
 * unchanged, no join. At-least-once: each polled batch is sent, flushed, then its offsets committed.
 */
final class PassThrough implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String output;
    private final Thread loop;
    private volatile boolean running = true;

    private PassThrough(Map<String, String> props) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.get("brokers"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, props.get("group"));
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.get("brokers"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        producer = new KafkaProducer<>(p);
        output = props.get("output");
        consumer.subscribe(List.of(props.get("inputs").split(",")));
        loop = new Thread(this::copy, "pass-through");
    }

    static PassThrough start(Map<String, String> props) {
        PassThrough p = new PassThrough(props);
        p.loop.start();
        return p;
    }

    private void copy() {
        while (running) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                producer.send(new ProducerRecord<>(output, r.key(), r.value()));
            }
            if (!batch.isEmpty()) {
                producer.flush();
                consumer.commitSync();
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.join(10_000);
        producer.close(Duration.ofSeconds(5));
    }
}
