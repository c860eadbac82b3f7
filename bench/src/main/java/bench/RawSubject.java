package bench;

import java.util.Map;

/** The raw ceiling: {@link PassThrough}. */
final class RawSubject implements Subject {

    @Override
    public String name() {
        return "raw pass-through";
    }

    @Override
    public String durability() {
        return "ceiling";
    }

    @Override
    public String kind() {
        return "raw";
    }

    @Override
    public boolean joins() {
        return false;
    }

    @Override
    public Map<String, String> prepare(Run run) {
        return Map.of("brokers", run.brokers(), "group", run.group(), "inputs", String.join(",", run.inputs()),
                "output", run.output());
    }

    @Override
    public String busyThread() {
        return "pass-through";
    }
}
