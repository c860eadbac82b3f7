package skeleton.join;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Asks the broker where each partition of some topics starts and ends, where consumer groups (the worker's own, its
 * upstream writers') committed (with the data time noted on the commit), and whether only transaction markers lie
 * between a commit and the end.
 */
final class BrokerPositions implements AutoCloseable {

    private static final Duration PROBE_POLL = Duration.ofMillis(200);
    private static final int PROBE_POLLS = 5;
    /** Farther behind than this a partition is behind whatever it holds: it is not probed (no fetch per check). */
    private static final long PROBE_GAP = 100;

    private final Admin admin;
    /** The worker's own group: its deadline checks find their leader in it. */
    private final String groupId;
    private final String brokers;
    private KafkaConsumer<byte[], byte[]> probe;

    BrokerPositions(String brokers, String groupId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-deadlines");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
        this.groupId = groupId;
        this.brokers = brokers;
    }

    /**
     * The positions of several consumer groups (a worker's own and its upstream writers'), each on its topics. Every
     * group's commits are read before any topic's end: a writer's output sent before the commit that was read is then
     * within the end that was read, so a reader never counts itself caught up short of it.
     */
    Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> fetch(Map<String, List<String>> topicsByGroup)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        topicsByGroup.keySet().forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult commits = admin.listConsumerGroupOffsets(specs);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String g : topicsByGroup.keySet()) {
            try {
                Map<TopicPartition, OffsetAndMetadata> c = commits.partitionsToOffsetAndMetadata(g).get(10, TimeUnit.SECONDS);
                committed.put(g, c == null ? Map.of() : c);
            } catch (ExecutionException e) {
                // a group this worker's principal may not describe (ACLs): left out, the caller says so
                if (!(e.getCause() instanceof GroupAuthorizationException) || g.equals(groupId)) {
                    throw e;
                }
            }
        }
        Map<String, List<TopicPartition>> partitions = new HashMap<>();
        topicsByGroup.values().stream().flatMap(List::stream).distinct().forEach(t -> partitions.put(t, List.of()));
        // one request for every topic; a topic missing (or not to be described) has no partitions
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(List.copyOf(partitions.keySet())).topicNameValues();
        for (String topic : partitions.keySet()) {
            try {
                TopicDescription d = described.get(topic).get(10, TimeUnit.SECONDS);
                partitions.put(topic, d.partitions().stream().map(pi -> new TopicPartition(topic, pi.partition())).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof TopicAuthorizationException)) {
                    throw e;
                }
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.values().stream().flatMap(List::stream).forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                latest.isEmpty() ? Map.of() : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                earliest.isEmpty() ? Map.of() : admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
        Map<String, Map<TopicPartition, Watermarks.BrokerPosition>> out = new HashMap<>();
        topicsByGroup.forEach((group, topics) -> {
            Map<TopicPartition, OffsetAndMetadata> c = committed.get(group);
            if (c == null) {
                return;
            }
            List<TopicPartition> tps = topics.stream().flatMap(t -> partitions.get(t).stream()).toList();
            // only a few offsets short of the end: perhaps only transaction markers are left
            Map<TopicPartition, Long> behind = new HashMap<>();
            for (TopicPartition tp : tps) {
                OffsetAndMetadata at = c.get(tp);
                long from = Math.max(starts.get(tp).offset(), at == null ? -1 : at.offset());
                long end = ends.get(tp).offset();
                if (from < end && end - from <= PROBE_GAP) {
                    behind.put(tp, from);
                }
            }
            Set<TopicPartition> onlyMarkers = onlyMarkersLeft(behind, ends);
            Map<TopicPartition, Watermarks.BrokerPosition> positions = new HashMap<>();
            for (TopicPartition tp : tps) {
                OffsetAndMetadata at = c.get(tp);
                positions.put(tp, new Watermarks.BrokerPosition(ends.get(tp).offset(), starts.get(tp).offset(),
                        at == null ? -1 : at.offset(), at == null ? Long.MIN_VALUE : Watermarks.dataTimeOf(at.metadata()),
                        onlyMarkers.contains(tp)));
            }
            out.put(group, positions);
        });
        return out;
    }

    /**
     * True when this process leads the worker's deadline checks: its consumers (client id {@code clientId}) hold the
     * first of the group's assigned partitions. One process judges the groups, so a group is not reported twice by
     * processes that read its candidates one after the other; every process knows every partition's data time
     * from the commits.
     */
    boolean leads(String clientId) throws InterruptedException, ExecutionException, TimeoutException {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get(10, TimeUnit.SECONDS).get(groupId);
        String leader = null;
        TopicPartition first = null;
        for (MemberDescription m : group.members()) {
            for (TopicPartition tp : m.assignment().topicPartitions()) {
                if (first == null || ORDER.compare(tp, first) < 0) {
                    first = tp;
                    leader = m.clientId();
                }
            }
        }
        return clientId.equals(leader);
    }

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /**
     * The partitions, among those short of their end, where nothing is left to read: a transactional producer's
     * commit and abort markers take offsets but hold no record, so the group's commit never reaches the end. A
     * consumer of no group reads from the committed offset: a partition that gives no record and whose position
     * reaches the end holds only markers (or aborted records) there. Short of that the partition counts as behind.
     */
    private Set<TopicPartition> onlyMarkersLeft(Map<TopicPartition, Long> from,
                                                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
        Set<TopicPartition> out = new HashSet<>();
        if (from.isEmpty()) {
            return out;
        }
        KafkaConsumer<byte[], byte[]> c = probe();
        c.assign(from.keySet());
        from.forEach(c::seek);
        Set<TopicPartition> gaveRecords = new HashSet<>();
        for (int i = 0; i < PROBE_POLLS && out.size() + gaveRecords.size() < from.size(); i++) {
            c.poll(PROBE_POLL).partitions().forEach(gaveRecords::add);
            for (TopicPartition tp : from.keySet()) {
                if (!gaveRecords.contains(tp) && c.position(tp, PROBE_POLL) >= ends.get(tp).offset()) {
                    out.add(tp);
                }
            }
        }
        c.assign(List.of());
        return out;
    }

    private KafkaConsumer<byte[], byte[]> probe() {
        if (probe == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-deadlines-probe");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 65_536);
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            probe = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return probe;
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close(Duration.ofSeconds(5));
        }
        admin.close(Duration.ofSeconds(5));
    }
}
