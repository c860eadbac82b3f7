package skeleton.join;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one worker: every one of its consumer threads has joined the worker's consumer group and so holds its
 * share of the input partitions (Camel's own consumer check says only that the client reaches the broker). Down while
 * a consumer waits for its first assignment, and while the worker's route is stopped. Not a liveness check (Camel's
 * default).
 */
final class ConsumersJoined extends AbstractHealthCheck {

    private final String worker;
    private final PollPolicy policy;
    private final int consumers;

    ConsumersJoined(String worker, PollPolicy policy, int consumers) {
        super("worker", "consumers-" + worker);
        this.worker = worker;
        this.policy = policy;
        this.consumers = consumers;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int joined = policy.joinedConsumers();
        builder.detail("worker", worker).detail("consumers", consumers).detail("joined", joined);
        if (joined >= consumers) {
            builder.up();
        } else {
            builder.down().message("worker " + worker + ": " + joined + " of its " + consumers
                    + " consumers hold their partitions (joining its consumer group, or its route is stopped)");
        }
    }
}
