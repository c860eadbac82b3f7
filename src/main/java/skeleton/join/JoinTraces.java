package skeleton.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * A worker's own spans, with tracing on: one per input record, continuing the trace its {@code traceparent} header
 * names; one per group the join hands on (step {@code trace}), continuing the trace of the part that completed it and
 * linked to the others' (a join has several parents: the OpenTelemetry messaging conventions); one around the user's
 * processor. The sends (outputs, dead letters, the expired topic) are Camel's: its OpenTelemetry tracer makes their
 * spans, with the span in the exchange property {@link #CONTEXT} as the parent, and writes their {@code traceparent}
 * into the records' headers. With tracing off, every method returns at once.
 */
public final class JoinTraces implements Processor {

    /** Exchange property: the {@link Context} of the record's or the group's span, the parent of what follows. */
    public static final String CONTEXT = "join_trace";
    /** Exchange property: the worker whose record or group the exchange carries, for Camel's spans of its sends. */
    public static final String WORKER_NAME = "join_worker";
    /** Exchange property: the topic of the part that completed the group (set by the join strategy). */
    static final String COMPLETED_BY = "join_completed_by";
    private static final String PROCESSOR_SPAN = "join_processor_span";

    static final AttributeKey<String> WORKER = AttributeKey.stringKey("worker");
    static final AttributeKey<String> ID = AttributeKey.stringKey("join.id");
    private static final AttributeKey<String> TOPICS = AttributeKey.stringKey("join.topics");
    private static final AttributeKey<String> MISSING = AttributeKey.stringKey("join.missing");
    private static final AttributeKey<String> COMPLETED_BY_TOPIC = AttributeKey.stringKey("join.completed_by");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");

    /** Kafka record headers are bytes; a header a Camel step set may be a string. */
    private static final TextMapGetter<Map<String, Object>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            return carrier == null ? null : JoinHeaders.text(carrier.get(key));
        }
    };

    private final String worker;
    private final String processor;
    private final List<String> inputs;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /** {@code telemetry} null: tracing off. */
    JoinTraces(String worker, String processor, List<String> inputs, OpenTelemetry telemetry) {
        this.worker = worker;
        this.processor = processor;
        this.inputs = List.copyOf(inputs);
        this.tracer = telemetry == null ? null : telemetry.getTracer("consumer-skeleton");
        this.propagator = telemetry == null ? null : telemetry.getPropagators().getTextMapPropagator();
    }

    boolean on() {
        return tracer != null;
    }

    /**
     * The record's span, a child of the span its headers name (or a new trace): a part carries it on as its
     * {@code trace}; an unusable record's span says why, and its dead letter's send becomes a child of it.
     */
    PartParser.Result received(Exchange exchange, PartParser.Result read) {
        if (tracer == null) {
            return read;
        }
        Message m = exchange.getMessage();
        String topic = m.getHeader(KafkaConstants.TOPIC, String.class);
        Context parent = propagator.extract(Context.root(), m.getHeaders(), HEADERS);
        SpanBuilder b = tracer.spanBuilder("receive " + topic).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute(WORKER, worker)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "receive")
                .setAttribute(DESTINATION, topic)
                .setAttribute(PARTITION, String.valueOf(m.getHeader(KafkaConstants.PARTITION)))
                .setAttribute(OFFSET, m.getHeader(KafkaConstants.OFFSET, -1L, Long.class))
                .setAttribute(GROUP, worker);
        if (read.ok()) {
            b.setAttribute(ID, read.part().key());
        }
        Span span = b.startSpan();
        if (!read.ok()) {
            span.setStatus(StatusCode.ERROR, read.error());
        }
        span.end();
        exchange.setProperty(CONTEXT, Context.root().with(span));
        exchange.setProperty(WORKER_NAME, worker);
        return read.ok() ? new PartParser.Result(read.part().traced(traceparent(span.getSpanContext())), null) : read;
    }

    /**
     * Step {@code trace}: the group's span, from the moment the join hands the group on until its exchange is done
     * (sent, dead-lettered, discarded or failed).
     */
    @Override
    public void process(Exchange exchange) {
        if (tracer == null || !(exchange.getMessage().getBody() instanceof JoinGroup group)) {
            return;
        }
        Part by = group.slots().get(exchange.getProperty(COMPLETED_BY, "", String.class));
        if (by == null) {
            // expired, or read back after a restart: the latest part stands for the group
            for (Part p : group.slots().values()) {
                by = by == null || p.timestamp() > by.timestamp() ? p : by;
            }
        }
        SpanContext parent = spanContext(by.trace());
        List<String> topics = new ArrayList<>();
        SpanBuilder b = tracer.spanBuilder("join " + worker).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(WORKER, worker)
                .setAttribute(ID, group.key())
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "process")
                .setAttribute(COMPLETED_BY_TOPIC, by.topic());
        if (parent.isValid()) {
            b.setParent(Context.root().with(Span.wrap(parent)));
        } else {
            b.setNoParent();
        }
        for (String topic : inputs) {
            Part p = group.slots().get(topic);
            if (p == null) {
                continue;
            }
            topics.add(topic);
            SpanContext other = spanContext(p.trace());
            if (p != by && other.isValid()) {
                b.addLink(other, Attributes.of(DESTINATION, topic));
                // Zipkin has no links: the same, as a tag it keeps
                b.setAttribute("join.link." + topic, p.trace());
            }
        }
        b.setAttribute(TOPICS, String.join(",", topics));
        List<String> missing = group.missing(inputs);
        if (!missing.isEmpty()) {
            b.setAttribute(MISSING, String.join(",", missing));
        }
        Span span = b.startSpan();
        exchange.setProperty(CONTEXT, Context.root().with(span));
        exchange.setProperty(WORKER_NAME, worker);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (done.isFailed()) {
                    failed(done, done.getException());
                    span.setStatus(StatusCode.ERROR, String.valueOf(done.getException()));
                }
                span.end();
            }
        });
    }

    /** The processor's span, a child of the group's; ended by {@link #processorDone} or {@link #failed}. */
    void processorStarted(Exchange exchange) {
        if (tracer == null || !(exchange.getProperty(CONTEXT) instanceof Context parent)) {
            return;
        }
        Span span = tracer.spanBuilder("processor " + processor).setParent(parent).setAttribute(WORKER, worker).startSpan();
        exchange.setProperty(PROCESSOR_SPAN, span);
    }

    static void processorDone(Exchange exchange) {
        if (exchange.removeProperty(PROCESSOR_SPAN) instanceof Span span) {
            span.end();
        }
    }

    /** The processor's span, still open when the group failed (the processor threw): ended with the error. */
    static void failed(Exchange exchange, Throwable cause) {
        if (exchange.removeProperty(PROCESSOR_SPAN) instanceof Span span) {
            span.recordException(cause == null ? new IllegalStateException("failed") : cause);
            span.setStatus(StatusCode.ERROR, String.valueOf(cause));
            span.end();
        }
    }

    /** While open, log lines carry the trace and span of the exchange's record or group ({@code trace_id}, {@code span_id}). */
    static LogContext logContext(Exchange exchange) {
        if (exchange == null || !(exchange.getProperty(CONTEXT) instanceof Context context)) {
            return () -> { };
        }
        SpanContext span = Span.fromContext(context).getSpanContext();
        MDC.put("trace_id", span.getTraceId());
        MDC.put("span_id", span.getSpanId());
        return () -> {
            MDC.remove("trace_id");
            MDC.remove("span_id");
        };
    }

    /** A try-with-resources scope that throws nothing. */
    public interface LogContext extends AutoCloseable {
        @Override
        void close();
    }

    /** A span's context as a W3C {@code traceparent}: {@code 00-<trace id>-<span id>-<flags>}. */
    static String traceparent(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The context a part's {@code trace} names; invalid when it names none. */
    static SpanContext spanContext(String traceparent) {
        if (traceparent == null || traceparent.length() != 55) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
    }
}
