package bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics and consumer groups on the benchmark's broker, and the broker's CPU time. */
final class BrokerAdmin implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final Admin admin;
    private final Broker broker;

    BrokerAdmin(Broker broker) {
        this.broker = broker;
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    /** The broker process's CPU seconds so far. */
    double brokerCpuSeconds() {
        return broker.cpuSeconds();
    }

    void create(List<String> topics) throws Exception {
        List<NewTopic> list = new ArrayList<>();
        topics.forEach(t -> list.add(new NewTopic(t, PARTITIONS, (short) 1)));
        admin.createTopics(list).all().get(30, TimeUnit.SECONDS);
        if (!Poll.until(() -> allHaveLeaders(topics), System.nanoTime() + 30_000_000_000L, () -> { })) {
            throw new IllegalStateException("topics " + topics + " have no leader after 30 s");
        }
    }

    private boolean allHaveLeaders(List<String> topics) throws Exception {
        try {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().size() == PARTITIONS && d.partitions().stream().allMatch(p -> p.leader() != null));
        } catch (java.util.concurrent.ExecutionException notYet) {
            return false;
        }
    }

    void delete(List<String> topics) throws Exception {
        admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until the consumer group holds every partition of its input topics (the process under test is then
     * reading), checking every 20 ms that the process is still alive; returns System.nanoTime() at that moment.
     */
    long awaitAssigned(String group, int partitions, ChildProcess child, Duration timeout) throws Exception {
        boolean assigned = Poll.until(() -> assigned(group) >= partitions, System.nanoTime() + timeout.toNanos(), child::checkAlive);
        if (!assigned) {
            throw new IllegalStateException("group " + group + " did not get its " + partitions + " partitions in " + timeout);
        }
        return System.nanoTime();
    }

    /** The input partitions the group's members hold (Kafka Streams' changelogs left out). */
    private int assigned(String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        int assigned = 0;
        for (MemberDescription m : d.members()) {
            assigned += (int) m.assignment().topicPartitions().stream().filter(tp -> !tp.topic().contains("changelog")).count();
        }
        return assigned;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
