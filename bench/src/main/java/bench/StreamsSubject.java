package bench;

import java.util.Map;

/** A Kafka Streams configuration of {@link StreamsJoin}: its store and processing guarantee. */
record StreamsSubject(String store, String guarantee) implements Subject {

    static final long TIMEOUT_MS = 300_000;

    @Override
    public String name() {
        return "streams " + store + (guarantee.equals("exactly_once_v2") ? " eos-v2" : " alos");
    }

    @Override
    public String durability() {
        return store.equals("memory") ? "memory" : "durable";
    }

    @Override
    public boolean transactional() {
        return guarantee.equals("exactly_once_v2");
    }

    @Override
    public String kind() {
        return "streams";
    }

    @Override
    public Map<String, String> prepare(Run run) {
        return Map.of("brokers", run.brokers(), "group", run.group(), "inputs", String.join(",", run.inputs()),
                "output", run.output(), "store", store, "guarantee", guarantee, "timeoutMs", Long.toString(TIMEOUT_MS));
    }
}
