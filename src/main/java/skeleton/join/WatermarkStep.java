package skeleton.join;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/** Last step of a worker's route: the record is stored (or dead-lettered), so its partition's watermark advances. */
public final class WatermarkStep implements Processor {

    private final Watermarks watermarks;

    public WatermarkStep(Watermarks watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        watermarks.advance(m.getHeader(KafkaConstants.TOPIC, String.class),
                m.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                m.getHeader(KafkaConstants.OFFSET, -1L, Long.class),
                m.getHeader(KafkaConstants.TIMESTAMP, Long.MIN_VALUE, Long.class));
    }
}
