package skeleton.join;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Error} thrown by a step of a worker route becomes a failure Camel handles, instead of unwinding the
 * consumer's thread out of camel-kafka, which ends its polling without a word (it keeps the error in a future no one
 * reads). Ours because Camel catches only exceptions and linkage errors around a step. A step's own error (an endless
 * recursion, an assertion) is the failure of its message: tried again, then dead-lettered. An error of the JVM (out of
 * memory) is no message's fault, and Camel's state after it is unknown: the process stops at once, as a kill would,
 * with nothing of the poll committed (exit status 70), for its supervisor to start it again.
 */
final class StepErrors implements InterceptStrategy {

    /** The exit status of a worker stopped by an error of the JVM (EX_SOFTWARE). */
    static final int HALT_STATUS = 70;

    private static final Logger LOG = LoggerFactory.getLogger(StepErrors.class);

    private final Set<String> workerRoutes = ConcurrentHashMap.newKeySet();

    /** The instance of the context, installed with the first worker, before any worker route is built. */
    static StepErrors of(CamelContext context) {
        for (InterceptStrategy s : context.getCamelContextExtension().getInterceptStrategies()) {
            if (s instanceof StepErrors e) {
                return e;
            }
        }
        StepErrors e = new StepErrors();
        context.getCamelContextExtension().addInterceptStrategy(e);
        return e;
    }

    void watch(String routeId) {
        workerRoutes.add(routeId);
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        RouteDefinition route = ProcessorDefinitionHelper.getRoute(definition);
        if (route == null || !workerRoutes.contains(route.getRouteId())) {
            return AsyncProcessorConverterHelper.convert(target);
        }
        return new Guard(target, route.getRouteId(), definition.getLabel());
    }

    private static final class Guard extends DelegateAsyncProcessor {
        private final String worker;
        private final String step;

        Guard(Processor target, String worker, String step) {
            super(target);
            this.worker = worker;
            this.step = step;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            try {
                return processor.process(exchange, callback);
            } catch (StackOverflowError e) {
                exchange.setException(new Thrown(e, step, "its calls went deeper than the thread's stack"));
            } catch (VirtualMachineError e) {
                LOG.error("worker {}: {} in step {}: the process stops now, as a kill would, with nothing of the poll in"
                        + " hand committed (exit status {})", worker, e, step, HALT_STATUS, e);
                Runtime.getRuntime().halt(HALT_STATUS);
            } catch (Error e) {
                exchange.setException(new Thrown(e, step, "thrown by the step"));
            }
            callback.done(true);
            return true;
        }
    }

    /** An error of a step, as the failure of its exchange; the message names the error and the step. */
    static final class Thrown extends RuntimeException {
        Thrown(Error error, String step, String note) {
            super(error + " in step " + step + " (" + note + ")", error, false, false);
        }
    }
}
