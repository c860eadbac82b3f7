package skeleton.join;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Route;
import org.apache.camel.model.DelayDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SplitDefinition;
import org.apache.camel.model.ThreadsDefinition;
import org.apache.camel.model.ThrottleDefinition;
import org.apache.camel.model.WireTapDefinition;

/**
 * The steps a worker route may not have, because they would carry a record's work off the consumer's thread, out of
 * its poll's unit of work (so its offset could be committed before its effect is durable). Checked at start: such a
 * route is refused with a message naming the step.
 */
final class RouteShape {

    private RouteShape() {
    }

    static void check(String worker, Route route) {
        RouteDefinition definition = ((ModelCamelContext) route.getCamelContext()).getRouteDefinition(route.getRouteId());
        if (definition == null) {
            return;
        }
        List<String> refused = new ArrayList<>();
        walk(definition.getOutputs(), refused);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("worker " + worker + ": its route has steps that would take records out of"
                    + " their poll's unit of work, so their offsets could be committed before their effects are stored: "
                    + String.join("; ", refused));
        }
    }

    private static void walk(List<ProcessorDefinition<?>> steps, List<String> refused) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof ThreadsDefinition) {
                refused.add("threads (hands records to another thread)");
            } else if (step instanceof WireTapDefinition) {
                refused.add("wireTap (its send is not awaited)");
            } else if (step instanceof SplitDefinition s && "true".equals(s.getParallelProcessing())) {
                refused.add("split with parallelProcessing: true");
            } else if (step instanceof DelayDefinition d && "true".equals(d.getAsyncDelayed())) {
                refused.add("delay with asyncDelayed: true");
            } else if (step instanceof ThrottleDefinition t && "true".equals(t.getAsyncDelayed())) {
                refused.add("throttle with asyncDelayed: true");
            }
            walk(step.getOutputs(), refused);
        }
    }
}
