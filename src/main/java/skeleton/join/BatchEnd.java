package skeleton.join;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Last step of a worker's route, for every record (stored or dead-lettered). The repository holds a consumer
 * thread's writes until the last record of its poll; there they are written in one transaction, then the offsets of
 * every partition of the poll are committed (one synchronous commit), then the watermarks advance past the poll's
 * records (so a group is never judged against a part not yet stored). While the worker stops, every record ends
 * its batch. If the write fails, the route fails: the consumer goes back to its last commit and reads the batch again.
 */
public final class BatchEnd implements Processor {

    private record Read(String topic, int partition, long offset, long timestamp) {
    }

    private final DeadlineRepository repository;
    private final Watermarks watermarks;
    /** What a consumer thread has read since its last commit, and the next offset of each partition in it. */
    private static final class Unstored {
        final List<Read> reads = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    }

    private final ThreadLocal<Unstored> unstored = ThreadLocal.withInitial(Unstored::new);

    public BatchEnd(DeadlineRepository repository, Watermarks watermarks) {
        this.repository = repository;
        this.watermarks = watermarks;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        repository.holdWritesOnThisThread();
        Message m = exchange.getMessage();
        Unstored batch = unstored.get();
        Read read = new Read(m.getHeader(KafkaConstants.TOPIC, String.class), m.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                m.getHeader(KafkaConstants.OFFSET, -1L, Long.class), m.getHeader(KafkaConstants.TIMESTAMP, Long.MIN_VALUE, Long.class));
        TopicPartition partition = new TopicPartition(read.topic(), read.partition());
        OffsetAndMetadata before = batch.next.get(partition);
        if (before != null && before.offset() > read.offset()) {
            // a record failed, and the consumer went back to its last commit: what it read since is read again
            batch.reads.clear();
            batch.next.clear();
        }
        batch.reads.add(read);
        batch.next.put(partition, new OffsetAndMetadata(read.offset() + 1));
        if (!m.getHeader(KafkaConstants.LAST_POLL_RECORD, true, Boolean.class) && !stopping(exchange)) {
            return;
        }
        // what is not stored is read again, so none of it may advance a watermark or be committed
        List<Read> reads = List.copyOf(batch.reads);
        Map<TopicPartition, OffsetAndMetadata> next = Map.copyOf(batch.next);
        batch.reads.clear();
        batch.next.clear();
        repository.flush();
        if (m.getHeader(KafkaConstants.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit commit) {
            commit.getConsumer().commitSync(next);
        }
        for (Read r : reads) {
            watermarks.advance(r.topic(), r.partition(), r.offset(), r.timestamp());
        }
    }

    private static boolean stopping(Exchange exchange) {
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        Consumer consumer = route == null ? null : route.getConsumer();
        return consumer instanceof ServiceSupport s && (s.isStopping() || s.isStopped() || s.isSuspending());
    }
}
