package skeleton.join;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topics a worker writes to on its own (dead letters, expired groups) exist before it reads anything:
 * a record that cannot be sent there fails its poll, so a missing topic on a broker that does not create topics on
 * first use would stop the worker at its first bad record. Created with the broker's defaults, or the start is
 * refused saying why.
 */
final class WorkerTopics {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTopics.class);

    private WorkerTopics() {
    }

    /** @param role what the topic is for, as the messages say it: "dead-letter topic", "expired topic" */
    static void ensure(String worker, String brokers, String topic, String role) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(15, TimeUnit.SECONDS);
                LOG.info("worker {}: created its {} {}", worker, role, topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("worker " + worker + ": its " + role + " " + topic + " does not exist and"
                    + " cannot be created at " + brokers + " (" + cause + "); create it", cause);
        }
    }
}
