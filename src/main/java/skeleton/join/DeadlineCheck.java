package skeleton.join;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.aggregate.AggregateController;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic check of a worker's deadlines, in data time. Groups whose deadline passed on the wall clock are
 * candidates; a candidate expires only when every topic it misses has been read past its deadline (see
 * {@link Watermarks}). Expired groups are force-completed through the aggregator, whose incomplete branch reports
 * them. The deadlines are read from the repository, so a restart neither forgets nor extends one.
 */
public final class DeadlineCheck extends ServiceSupport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineCheck.class);

    private final String worker;
    private final String brokers;
    private final DeadlineRepository repository;
    private final Watermarks watermarks;
    private final AggregateController controller;
    private final Clock clock;
    private BrokerPositions positions;

    public DeadlineCheck(String worker, String brokers, DeadlineRepository repository, Watermarks watermarks,
                         AggregateController controller, Clock clock) {
        this.worker = worker;
        this.brokers = brokers;
        this.repository = repository;
        this.watermarks = watermarks;
        this.controller = controller;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        long now = clock.millis();
        List<JoinRepository.Candidate> candidates = repository.deadlinesBefore(now);
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> topics = new LinkedHashSet<>();
        candidates.forEach(c -> topics.addAll(c.missing()));
        Map<TopicPartition, Watermarks.BrokerPosition> broker = positions().fetch(List.copyOf(topics));
        Map<String, Long> byTopic = watermarks.byTopic(List.copyOf(topics), broker, now);
        int expired = 0;
        for (JoinRepository.Candidate c : candidates) {
            if (Watermarks.expired(c.deadline(), c.missing(), byTopic)) {
                try {
                    expired += controller.forceCompletionOfGroup(c.key());
                } catch (OptimisticLockingException e) {
                    // a part of this group was stored while it expired: it is judged again at the next check
                    LOG.debug("worker {}: group of id={} changed while it expired, checked again next time", worker, c.key());
                }
            }
        }
        LOG.debug("worker {}: {} groups past their deadline on the clock, {} expired in data time (watermarks {})",
                worker, candidates.size(), expired, byTopic);
    }

    private synchronized BrokerPositions positions() {
        if (positions == null) {
            positions = new BrokerPositions(brokers, worker);
        }
        return positions;
    }

    @Override
    protected synchronized void doStop() {
        if (positions != null) {
            positions.close();
            positions = null;
        }
    }
}
