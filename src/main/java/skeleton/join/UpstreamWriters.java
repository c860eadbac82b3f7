package skeleton.join;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code upstream-<worker>} entry of /observe/health: the workers of the table that write the worker's inputs,
 * whether each has caught up, holds its outputs back (work left) or was let go after MAX_UPSTREAM_WAIT. Always UP: a
 * writer that is behind delays the worker's expiries, it does not make the worker unready.
 */
final class UpstreamWriters extends AbstractHealthCheck {

    private final String worker;
    private final UpstreamWatermarks upstream;

    UpstreamWriters(String worker, UpstreamWatermarks upstream) {
        super("worker", "upstream-" + worker);
        this.worker = worker;
        this.upstream = upstream;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Object> writers = upstream.describe(System.currentTimeMillis());
        long wait = upstream.maxWaitMillis() / 1000;
        StringBuilder message = new StringBuilder("MAX_UPSTREAM_WAIT ").append(wait).append(" s; ");
        if (upstream.writers().isEmpty()) {
            message.append("no worker of the table writes the inputs of ").append(worker);
        } else if (writers.isEmpty()) {
            message.append("upstream writers ").append(upstream.writers().keySet())
                    .append(" not read yet (the process judging the deadlines reads them)");
        } else {
            message.append("upstream writers: ");
            writers.forEach((w, d) -> message.append(w).append(' ').append(((Map<?, ?>) d).get("state")).append("; "));
            message.setLength(message.length() - 2);
        }
        builder.up().message(message.toString()).detail("worker", worker).detail("maxUpstreamWaitSeconds", wait);
        writers.forEach(builder::detail);
    }
}
