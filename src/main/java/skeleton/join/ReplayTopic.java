package skeleton.join;

import java.util.List;

import org.apache.camel.Message;

/**
 * A worker's replay topic, {@code <worker>.replay}: the dead letters the {@code replay} command puts back. Only that
 * worker reads it, so the workers that read the same input topics never see a replay. Each record names the input
 * topic whose slot it fills ({@code replay.topic}), when it was replayed ({@code replay.at}, epoch millis) and the
 * dead letter it comes from ({@code replay.of}); its timestamp is its original data time. The topic counts for no
 * watermark (only input topics have one) and for no co-partitioning (a replayed part is never held in memory).
 */
public final class ReplayTopic {

    public static final String SLOT = "replay.topic";
    public static final String AT = "replay.at";
    public static final String OF = "replay.of";

    private final String topic;
    private final List<String> inputs;

    ReplayTopic(String worker, List<String> inputs) {
        this.topic = of(worker);
        this.inputs = List.copyOf(inputs);
    }

    public static String of(String worker) {
        return worker + ".replay";
    }

    String topic() {
        return topic;
    }

    /** A part read from the replay topic, placed in the slot its record names; any other parse as it is. */
    PartParser.Result place(PartParser.Result read, Message record) {
        if (!read.ok() || !topic.equals(read.part().topic())) {
            return read;
        }
        String slot = JoinHeaders.text(record.getHeader(SLOT));
        if (slot == null || !inputs.contains(slot)) {
            return new PartParser.Result(null, "replayed record " + (slot == null ? "has no header " + SLOT
                    : "names topic " + slot + " (header " + SLOT + "), not one of the worker's inputs " + inputs));
        }
        String at = JoinHeaders.text(record.getHeader(AT));
        try {
            return new PartParser.Result(read.part().replayed(new Part.Replay(slot, Long.parseLong(at))), null);
        } catch (NumberFormatException e) {
            return new PartParser.Result(null, "replayed record has no time of replay in epoch millis (header " + AT
                    + " is " + (at == null ? "missing" : "\"" + at + "\"") + ")");
        }
    }
}
