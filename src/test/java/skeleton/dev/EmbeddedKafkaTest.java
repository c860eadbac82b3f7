package skeleton.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void delivers_all_keyed_records_to_a_consumer_group_and_to_a_static_member() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            assertThat(kafka.port()).isPositive();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            produce(kafka, "orders", 100);

            List<ConsumerRecord<String, String>> byGroup = consume(kafka, "orders", 100, Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "plain-group"));
            List<ConsumerRecord<String, String>> byStaticMember = consume(kafka, "orders", 100, Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "static-group",
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "worker-1"));

            for (List<ConsumerRecord<String, String>> records : List.of(byGroup, byStaticMember)) {
                assertThat(records).hasSize(100);
                assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys(100));
                assertThat(records).allSatisfy(r -> assertThat(r.value()).isEqualTo("value-of-" + r.key()));
                assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                        .containsExactlyInAnyOrder(0, 1, 2);
            }
        }
    }

    @Test
    void keeps_records_and_committed_offsets_across_restart() throws Exception {
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            produce(kafka, "events", 10); // topic created on first use
            consume(kafka, "events", 10, Map.of(ConsumerConfig.GROUP_ID_CONFIG, "committed-group"));
            try (Admin admin = admin(kafka)) {
                clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            try (Admin admin = admin(kafka)) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("committed-group")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(offsets).containsOnlyKeys(new TopicPartition("events", 0));
                assertThat(offsets.get(new TopicPartition("events", 0)).offset()).isEqualTo(10);
            }
            List<ConsumerRecord<String, String>> records = consume(kafka, "events", 10, Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "after-restart"));
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys(10));
        }
    }

    @Test
    void refuses_a_port_in_use_with_a_clear_message() throws IOException {
        try (ServerSocket taken = bindAnyPort()) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(port, dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka port " + port + " is already in use: stop the other broker or set KAFKA_PORT")
                    .hasNoCause();
        }
    }

    @Test
    void reports_the_brokers_own_bind_failure_with_the_same_clear_message() throws IOException {
        try (ServerSocket taken = bindAnyPort()) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(port, dataDir, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka port " + port + " is already in use: stop the other broker or set KAFKA_PORT")
                    .hasNoCause();
        }
    }

    @Test
    void refuses_a_data_directory_used_by_a_running_broker() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            assertThatThrownBy(() -> EmbeddedKafka.start(0, dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka data directory " + dataDir.toAbsolutePath().normalize()
                            + " is in use by another Kafka broker: stop it or use another directory");
            try (Admin admin = admin(kafka)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        }
    }

    @Test
    void close_frees_the_port_and_a_second_close_does_nothing() throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir);
        int port = kafka.port();
        kafka.close();

        assertThatCode(kafka::close).doesNotThrowAnyException();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(again.getLocalPort()).as("the broker's port is free after close").isEqualTo(port);
        }
    }

    private static ServerSocket bindAnyPort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static List<String> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> "key-" + i).toList();
    }

    private static void produce(EmbeddedKafka kafka, String topic, int count) throws Exception {
        Map<String, Object> conf = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(conf)) {
            var sends = keys(count).stream()
                    .map(key -> producer.send(new ProducerRecord<>(topic, key, "value-of-" + key)))
                    .toList();
            producer.flush();
            for (var send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads from the start of the topic until {@code count} records arrived, committing what it read. */
    private static List<ConsumerRecord<String, String>> consume(
            EmbeddedKafka kafka, String topic, int count, Map<String, Object> extra) {
        Map<String, Object> conf = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        conf.putAll(extra);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(conf)) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
            consumer.commitSync();
        }
        return records;
    }
}
