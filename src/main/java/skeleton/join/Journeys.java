package skeleton.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;

/** The journeys of every worker of a Camel context: what each knows of an id ({@code /observe/ids/{id}}). */
public final class Journeys {

    private static final String BEAN = "joinJourneys";

    private final List<Journey> workers = new CopyOnWriteArrayList<>();

    /** The context's journeys, made on first use. */
    public static synchronized Journeys of(CamelContext context) {
        Journeys j = context.getRegistry().lookupByNameAndType(BEAN, Journeys.class);
        if (j == null) {
            j = new Journeys();
            context.getRegistry().bind(BEAN, j);
        }
        return j;
    }

    void add(Journey journey) {
        workers.add(journey);
    }

    /**
     * The watermark of a worker's input at this process's last deadline check, and the upstream worker holding it
     * back; null when the worker does not run here.
     */
    public Map<String, Object> watermark(String worker, String topic) {
        for (Journey w : workers) {
            if (w.worker().equals(worker)) {
                return w.watermark(topic);
            }
        }
        return null;
    }

    public Map<String, Object> of(String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        List<Map<String, Object>> each = new ArrayList<>();
        for (Journey w : workers) {
            each.add(w.of(id));
        }
        out.put("workers", each);
        return out;
    }
}
