package skeleton.join;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topics of a worker's own exist before it reads anything: those it writes to on its own (dead
 * letters, expired groups), since a record that cannot be sent there fails its poll, so a missing topic on a broker
 * that does not create topics on first use would stop the worker at its first bad record; and its replay topic,
 * which it reads. Created with the broker's defaults, or the start is refused saying why.
 */
final class WorkerTopics {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTopics.class);

    private WorkerTopics() {
    }

    /** @param roles each topic with what it is for, as the messages say it: "dead-letter topic", "replay topic" */
    static void ensure(String worker, String brokers, Map<String, String> roles) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (Map.Entry<String, String> e : roles.entrySet()) {
                if (!existing.contains(e.getKey())) {
                    create(admin, worker, brokers, e.getKey(), e.getValue());
                }
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("worker " + worker + ": cannot list the topics at " + brokers + " to check its "
                    + String.join(", ", roles.values()) + " (" + cause + ")", cause);
        }
    }

    private static void create(Admin admin, String worker, String brokers, String topic, String role) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(15, TimeUnit.SECONDS);
            LOG.info("worker {}: created its {} {}", worker, role, topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw refused(worker, brokers, topic, role, e.getCause());
            }
        } catch (Exception e) {
            throw refused(worker, brokers, topic, role, e);
        }
    }

    private static IllegalStateException refused(String worker, String brokers, String topic, String role, Throwable cause) {
        return new IllegalStateException("worker " + worker + ": its " + role + " " + topic + " does not exist and"
                + " cannot be created at " + brokers + " (" + cause + "); create it", cause);
    }
}
