package skeleton.join;

import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;

/**
 * The worker commits its offsets itself ({@link BatchEnd}), synchronously, once the parts read before them are
 * stored. A factory of camel-kafka's own class would make camel-kafka commit too, after each partition of a poll
 * and when it stops, whether or not those parts are stored yet; with this one it leaves the offsets alone.
 */
public final class WorkerCommits implements KafkaManualCommitFactory {

    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload camelExchangePayload, KafkaRecordPayload kafkaRecordPayload,
                                         CommitManager commitManager) {
        return new DefaultKafkaManualSyncCommit(camelExchangePayload, kafkaRecordPayload, commitManager);
    }
}
