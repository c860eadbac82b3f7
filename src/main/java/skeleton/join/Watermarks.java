package skeleton.join;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;

/**
 * How far a worker has read each input partition, in data time. A partition's watermark is the largest record
 * timestamp stored from it less a grace (records of a partition need not come in timestamp order: several
 * producers, event-time timestamps, one record from the future), or, once the worker has stored everything the
 * partition holds (caught up), the wall clock if that is later. A topic's watermark is the smallest of its
 * partitions'. Only parts already stored advance it, so a group is never judged against a part still on its way in.
 * A partition another process of the worker reads is known from the group's committed offset, whose metadata
 * carries the largest timestamp read ({@link #commitNote}); a partition counts as caught up too when all that is
 * left past its committed offset are transaction markers (the broker's probe says so).
 */
public final class Watermarks {

    /**
     * What the broker says of one partition: its end, its start, the worker group's committed offset (or -1) with
     * the data time noted on that commit ({@link Long#MIN_VALUE} if none), and whether nothing but transaction
     * markers lies between that offset and the end.
     */
    public record BrokerPosition(long endOffset, long startOffset, long committedOffset, long committedDataTime,
                                 boolean onlyMarkersLeft) {
        public BrokerPosition(long endOffset, long startOffset, long committedOffset) {
            this(endOffset, startOffset, committedOffset, Long.MIN_VALUE, false);
        }
    }

    private static final String DATA_TIME = "dataTime=";

    private record Read(long maxTimestamp, long nextOffset) {
    }

    private final Map<TopicPartition, Read> read = new ConcurrentHashMap<>();
    private final long graceMillis;

    /** @param graceMillis how much older than the latest record read a record of the same partition may still come */
    public Watermarks(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /** Records that the part at this offset is stored. */
    public void advance(String topic, int partition, long offset, long timestamp) {
        read.merge(new TopicPartition(topic, partition), new Read(timestamp, offset + 1),
                (a, b) -> new Read(Math.max(a.maxTimestamp, b.maxTimestamp), Math.max(a.nextOffset, b.nextOffset)));
    }

    /**
     * The metadata of an offset commit: the largest timestamp this process has read from the partition, so that
     * every other process of the worker knows how far it is in data time.
     */
    String commitNote(TopicPartition tp, long pollMaxTimestamp) {
        Read r = read.get(tp);
        return DATA_TIME + Math.max(pollMaxTimestamp, r == null ? Long.MIN_VALUE : r.maxTimestamp);
    }

    /** The data time noted on a commit by {@link #commitNote}, or {@link Long#MIN_VALUE}. */
    static long dataTimeOf(String commitMetadata) {
        if (commitMetadata == null || !commitMetadata.startsWith(DATA_TIME)) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(commitMetadata.substring(DATA_TIME.length()));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The watermark of each topic. {@code now} must be read before the broker positions were fetched, so that a
     * caught-up partition's watermark never passes a record produced after the fetch.
     */
    public Map<String, Long> byTopic(List<String> topics, Map<TopicPartition, BrokerPosition> broker, long now) {
        Map<String, Long> out = new ConcurrentHashMap<>();
        for (String topic : topics) {
            long min = Long.MAX_VALUE;
            boolean any = false;
            for (Map.Entry<TopicPartition, BrokerPosition> e : broker.entrySet()) {
                if (e.getKey().topic().equals(topic)) {
                    any = true;
                    min = Math.min(min, partitionWatermark(e.getKey(), e.getValue(), now));
                }
            }
            // a topic with no partitions yet holds nothing older than now
            out.put(topic, any ? min : now);
        }
        return out;
    }

    long partitionWatermark(TopicPartition tp, BrokerPosition broker, long now) {
        Read r = read.get(tp);
        long position = Math.max(broker.startOffset(), Math.max(broker.committedOffset(), r == null ? -1 : r.nextOffset));
        long maxTimestamp = Math.max(r == null ? Long.MIN_VALUE : r.maxTimestamp, broker.committedDataTime());
        long dataTime = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - graceMillis;
        boolean caughtUp = position >= broker.endOffset() || broker.onlyMarkersLeft();
        return caughtUp ? Math.max(now, dataTime) : dataTime;
    }

    /** True when every missing topic has been read past the deadline: no part of it can still join in time. */
    public static boolean expired(long deadline, List<String> missing, Map<String, Long> topicWatermarks) {
        if (missing.isEmpty()) {
            return false;
        }
        for (String topic : missing) {
            Long wm = topicWatermarks.get(topic);
            if (wm == null || wm <= deadline) {
                return false;
            }
        }
        return true;
    }
}
