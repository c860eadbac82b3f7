package skeleton.join;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Last step of a worker's route, for every record (stored or dead-lettered). The repository holds the writes of a
 * consumer thread until the last record of each partition's polled batch; there they are written in one
 * transaction, then the partition's offset is committed, then the watermarks advance past the batch's records (so a
 * group is never judged against a part not yet stored). While the worker stops, every record ends its batch.
 */
public final class BatchEnd implements Processor {

    private record Read(String topic, int partition, long offset, long timestamp) {
    }

    private final DeadlineRepository repository;
    private final Watermarks watermarks;
    private final ThreadLocal<List<Read>> unstored = ThreadLocal.withInitial(ArrayList::new);

    public BatchEnd(DeadlineRepository repository, Watermarks watermarks) {
        this.repository = repository;
        this.watermarks = watermarks;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        repository.holdWritesOnThisThread();
        Message m = exchange.getMessage();
        List<Read> reads = unstored.get();
        reads.add(new Read(m.getHeader(KafkaConstants.TOPIC, String.class), m.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                m.getHeader(KafkaConstants.OFFSET, -1L, Long.class), m.getHeader(KafkaConstants.TIMESTAMP, Long.MIN_VALUE, Long.class)));
        if (!m.getHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, true, Boolean.class) && !stopping(exchange)) {
            return;
        }
        // what is not stored is read again (the route fails and the consumer goes back to its last commit), so
        // none of it may advance a watermark
        List<Read> batch = List.copyOf(reads);
        reads.clear();
        repository.flush();
        KafkaManualCommit commit = m.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
        for (Read r : batch) {
            watermarks.advance(r.topic(), r.partition(), r.offset(), r.timestamp());
        }
    }

    private static boolean stopping(Exchange exchange) {
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        Consumer consumer = route == null ? null : route.getConsumer();
        return consumer instanceof ServiceSupport s && (s.isStopping() || s.isStopped() || s.isSuspending());
    }
}
