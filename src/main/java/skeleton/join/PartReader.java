package skeleton.join;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * First step of a worker's route for each record: reads it into a {@link Part} body with its id in {@code join_id},
 * or throws {@link UnusableRecord} saying why it cannot (the error handler dead-letters the original record).
 */
public final class PartReader implements Processor {

    private final PartParser parser;
    private final WorkerMetrics metrics;
    private final JoinTraces traces;
    private final ReplayTopic replays;

    PartReader(PartParser parser, ReplayTopic replays, WorkerMetrics metrics, JoinTraces traces) {
        this.parser = parser;
        this.replays = replays;
        this.metrics = metrics;
        this.traces = traces;
    }

    @Override
    public void process(Exchange exchange) throws UnusableRecord {
        Message m = exchange.getMessage();
        PartParser.Result r = traces.received(exchange, read(parser, replays, m, PollUnit.current()));
        metrics.record(r.ok() ? r.part().slot() : m.getHeader(KafkaConstants.TOPIC, String.class));
        if (r.ok()) {
            if (r.part().replay() != null) {
                metrics.replayed();
            }
            m.setBody(r.part());
            m.setHeader(JoinHeaders.ID, r.part().key());
        } else {
            throw new UnusableRecord(r.error());
        }
    }

    /**
     * A record's parse: the one its poll did at its start (to read the poll's groups at once), else a new one; a
     * replayed record in the slot it names.
     */
    static PartParser.Result read(PartParser parser, ReplayTopic replays, Message record, PollUnit unit) {
        String topic = record.getHeader(KafkaConstants.TOPIC, String.class);
        int partition = record.getHeader(KafkaConstants.PARTITION, 0, Integer.class);
        long offset = record.getHeader(KafkaConstants.OFFSET, -1L, Long.class);
        PartParser.Result done = unit != null ? unit.takeParsed(topic + "[" + partition + "]@" + offset) : null;
        return done != null ? done : replays.place(parser.parse(record.getBody(byte[].class), topic, partition, offset,
                record.getHeader(KafkaConstants.TIMESTAMP, System.currentTimeMillis(), Long.class)), record);
    }
}
