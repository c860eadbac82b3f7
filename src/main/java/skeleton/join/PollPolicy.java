package skeleton.join;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes each poll of a worker's route one unit of work (a {@link PollUnit}), whatever steps the route has: the
 * poll's repository writes are held until its end; there the completed groups' outputs are awaited, the writes are
 * stored in one transaction, and only then are the poll's offsets committed and the watermarks advanced. A poll that
 * fails anywhere (an output neither sent nor dead-lettered, the store unreachable too long, a conflict with another
 * writer) writes nothing and commits nothing: the consumer goes back to the poll's first records and reads them
 * again, without being closed or rebalanced. Installed by the framework on every worker route, never by the YAML,
 * so an edit of the route cannot switch it off. (Camel's consumer commits per batch whatever became of it, and its
 * error strategies reconnect the consumer: neither keeps the one rule, hence this policy.) Not a Camel service on
 * purpose: Camel skips the callbacks of a stopped policy, and the poll in hand when the worker stops must still end.
 */
final class PollPolicy implements RoutePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(PollPolicy.class);
    private static final long SEND_TIMEOUT_MILLIS = 600_000;
    private static final long STORE_RETRY_MILLIS = 240_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final String worker;
    private final JoinRepository repository;
    private final Watermarks watermarks;
    private final SentGroups sent;
    private final PartParser parser;
    private final ReplayTopic replays;
    /** How long a consumer may hold a new group in memory before storing it (0: never), and how many at most. */
    private final long holdMillis;
    private final int holdCapacity;
    private final List<String> inputs;
    /** Per Kafka consumer of the worker: the new groups it holds in memory. */
    private final Map<Consumer<?, ?>, HeldGroups> holders = new ConcurrentHashMap<>();
    /** Partitions sought back after a failed poll: records before that offset, read before the seek, are stale. */
    private final Map<TopicPartition, Long> soughtBack = new ConcurrentHashMap<>();
    /** Polls failed in a row, per consumer thread: how long to wait before reading again. */
    private final ThreadLocal<int[]> failuresInARow = ThreadLocal.withInitial(() -> new int[1]);
    private final ConsumerLag lag;
    /** How many groups each consumer held in memory after its last poll, for the in-flight gauge. */
    private final Map<Consumer<?, ?>, Integer> heldAfterPoll = new ConcurrentHashMap<>();
    /** Per consumer thread of the worker: whether its consumer was a member of the group (had a generation) at its last poll. */
    private final Map<Thread, Boolean> joined = new ConcurrentHashMap<>();

    PollPolicy(String worker, JoinRepository repository, Watermarks watermarks, SentGroups sent, PartParser parser,
               ReplayTopic replays, List<String> inputs, long holdMillis, int holdCapacity, ConsumerLag lag) {
        this.replays = replays;
        this.worker = worker;
        this.lag = lag;
        this.repository = repository;
        this.watermarks = watermarks;
        this.sent = sent;
        this.parser = parser;
        this.holdMillis = holdMillis;
        this.holdCapacity = holdCapacity;
        this.inputs = List.copyOf(inputs);
    }

    /** Refuses to start a worker route whose consumer would commit or lose the poll's unit of work. */
    @Override
    public void onInit(Route route) {
        if (!(route.getEndpoint() instanceof KafkaEndpoint kafka)) {
            throw new IllegalArgumentException("worker " + worker + ": its route must start from a kafka: endpoint, not "
                    + route.getEndpoint().getEndpointUri());
        }
        KafkaConfiguration c = kafka.getConfiguration();
        List<String> wrong = new ArrayList<>();
        if (!c.isBatching()) {
            wrong.add("batching: true (one exchange per poll)");
        }
        if (c.isAutoCommitEnable()) {
            wrong.add("autoCommitEnable: false (offsets are committed once the poll's effects are durable)");
        }
        if (!c.isAllowManualCommit()) {
            wrong.add("allowManualCommit: true (the worker commits)");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("worker " + worker + ": the route's kafka consumer needs " + String.join(", ", wrong));
        }
        RouteShape.check(worker, route);
        // the route hands it to its Kafka consumer when it creates it
        route.setConsumerListener(new AfterPoll());
    }

    @Override
    public void onRemove(Route route) {
    }

    @Override
    public void onStart(Route route) {
    }

    @Override
    public void onStop(Route route) {
        // the consumers are closed: what they held is read again by the next ones, from the committed offsets
        holders.clear();
        heldAfterPoll.clear();
        joined.clear();
        lag.clear();
    }

    @Override
    public void onSuspend(Route route) {
    }

    @Override
    public void onResume(Route route) {
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        // the consumer's thread serves this worker: its log lines say so (JSON logs show it as a field)
        MDC.put("worker", worker);
        PollUnit unit = PollUnit.open();
        Consumer<?, ?> consumer = consumerOf(exchange);
        unit.consumer(consumer);
        HeldGroups holder = holderOf(consumer);
        Map<TopicPartition, Long> readAgain = Map.of();
        if (holder != null) {
            unit.holder(holder);
            readAgain = holder.begin(consumer);
            seekBack(consumer, readAgain);
        }
        List<Message> records = new ArrayList<>();
        for (Object item : exchange.getMessage().getBody(List.class)) {
            Message record = ((Exchange) item).getMessage();
            TopicPartition tp = new TopicPartition(record.getHeader(KafkaConstants.TOPIC, String.class),
                    record.getHeader(KafkaConstants.PARTITION, Integer.class));
            long offset = record.getHeader(KafkaConstants.OFFSET, Long.class);
            Long from = readAgain.get(tp);
            if (from != null && offset >= from || stale(tp, offset)) {
                continue;
            }
            unit.read(tp, offset, record.getHeader(KafkaConstants.TIMESTAMP, System.currentTimeMillis(), Long.class));
            records.add(record);
        }
        exchange.getMessage().setBody(records);
        // the split copies the poll's exchange for each record, then puts the record in: its headers are dead weight
        exchange.getMessage().getHeaders().clear();
        prefetch(exchange, unit, records);
        // the end of the poll is a completion of its exchange: Camel calls no route policy back while it stops, and
        // the poll in hand when the worker stops must still end
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                end(route, done, unit);
            }
        });
    }

    /**
     * Parses the poll's records (the part step takes these parses) and reads the stored groups of their ids at once
     * (see {@link JoinRepository#prefetch}): the aggregator's reads are then answered without a round trip each,
     * whatever the records' keys.
     */
    private void prefetch(Exchange exchange, PollUnit unit, List<Message> records) {
        Set<String> ids = new LinkedHashSet<>();
        HeldGroups holder = unit.holder();
        for (Message record : records) {
            PartParser.Result r = PartReader.read(parser, replays, record, null);
            if (r.ok()) {
                String key = r.part().key();
                unit.parsed(r.part().position(), r);
                if (holder == null) {
                    ids.add(key);
                    continue;
                }
                // a replayed part's partners need not come to this consumer: it is never held in memory
                if (r.part().replay() == null && HeldGroups.keyedById(record.getHeader(KafkaConstants.KEY, byte[].class), key)) {
                    unit.markKeyedById(r.part().position());
                }
                if (!holder.holds(key)) {
                    ids.add(key);
                }
            }
        }
        try {
            repository.prefetch(unit, exchange.getContext(), ids);
        } catch (RuntimeException e) {
            // only a shortcut: the aggregator reads each group itself, and fails the poll if the store is away
            LOG.debug("worker {}: reading the poll's groups at once failed: {}", worker, e.getMessage());
        }
    }

    /** True for a record read before the consumer went back to an earlier offset of its partition. */
    private boolean stale(TopicPartition tp, long offset) {
        Long from = soughtBack.get(tp);
        if (from == null) {
            return false;
        }
        if (offset == from) {
            soughtBack.remove(tp);
            return false;
        }
        return offset > from;
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        // the poll ends in the completion registered when it began
    }

    private void end(Route route, Exchange exchange, PollUnit unit) {
        unit.close();
        HeldGroups holder = unit.holder();
        Consumer<?, ?> consumer = unit.consumer();
        Exception failure = exchange.getException();
        try {
            if (failure == null) {
                failure = unit.awaitSent(SEND_TIMEOUT_MILLIS);
            }
            if (failure == null && unit.sentAny()) {
                FaultPoint.SENT.reach();
            }
            if (failure == null && holder != null) {
                holder.settle(unit, consumer, System.currentTimeMillis());
            }
            if (failure == null) {
                failure = store(route, unit);
            }
            if (failure == null && !unit.reads().isEmpty()) {
                FaultPoint.STORED.reach();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        if (failure != null) {
            goBack(route, consumer, unit, failure);
            return;
        }
        failuresInARow.get()[0] = 0;
        if (holder != null) {
            commit(consumer, holder.durable(unit, watermarks));
            if (holder.size() > 0) {
                FaultPoint.HELD.reach();
            }
            return;
        }
        commit(consumer, unit.nextOffsets(watermarks));
        for (PollUnit.Read r : unit.reads()) {
            watermarks.advance(r.partition().topic(), r.partition().partition(), r.offset(), r.timestamp());
        }
    }

    /** How many of the worker's consumers had joined its consumer group, and got their partitions, at their last poll. */
    int joinedConsumers() {
        return (int) joined.values().stream().filter(Boolean::booleanValue).count();
    }

    /** The groups the worker's consumers held in memory, not stored yet, after their last polls. */
    int heldGroups() {
        return heldAfterPoll.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The groups a consumer holds in memory: null where it holds none (holding off, or groups kept in memory anyway). */
    private HeldGroups holderOf(Consumer<?, ?> consumer) {
        if (consumer == null || holdMillis <= 0 || !repository.batchesReads()) {
            return null;
        }
        return holders.computeIfAbsent(consumer, c -> new HeldGroups(worker, inputs, holdMillis, holdCapacity, c));
    }

    /**
     * After each poll of Kafka, on the consumer's thread (between two polls of the route, which may be far apart while
     * the inputs are quiet): updates the lag gauges, stores the held groups that waited their time, so their deadlines
     * are judged, and commits their records. Camel's consumer listener is the one hook it calls after every poll,
     * records or none.
     */
    private final class AfterPoll extends KafkaConsumerListener {
        @Override
        public boolean afterConsume(Object kafkaConsumer) {
            MDC.put("worker", worker);
            Consumer<?, ?> consumer = (Consumer<?, ?>) kafkaConsumer;
            joined.put(Thread.currentThread(), consumer.groupMetadata().generationId() > 0);
            lag.update(consumer);
            HeldGroups holder = holders.get(kafkaConsumer);
            if (holder != null) {
                storeDue(holder, (Consumer<?, ?>) kafkaConsumer);
                heldAfterPoll.put((Consumer<?, ?>) kafkaConsumer, holder.size());
            }
            return true;
        }

        @Override
        public boolean afterProcess(ProcessingResult result) {
            return true;
        }
    }

    private void storeDue(HeldGroups holder, Consumer<?, ?> consumer) {
        Map<String, Exchange> due = holder.due(System.currentTimeMillis());
        if (due.isEmpty()) {
            return;
        }
        try {
            repository.storeNew(due);
        } catch (OptimisticLockingException e) {
            LOG.info("worker {}: a group it held in memory was stored meanwhile by another consumer; its held records are read again", worker);
            seekBack(consumer, holder.reset());
            return;
        } catch (RuntimeException e) {
            LOG.warn("worker {}: cannot store {} groups held in memory, trying again after the next poll: {}", worker, due.size(),
                    e.getMessage());
            return;
        }
        commit(consumer, holder.stored(due.keySet(), watermarks));
    }

    private void seekBack(Consumer<?, ?> consumer, Map<TopicPartition, Long> offsets) {
        Set<TopicPartition> assigned = consumer.assignment();
        offsets.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
                soughtBack.put(tp, offset);
            }
        });
    }

    /** Stores the unit's writes; while the store is unreachable, tries again with backoff (the consumer waits). */
    private Exception store(Route route, PollUnit unit) throws InterruptedException {
        long start = System.currentTimeMillis();
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                repository.flush(unit);
                if (attempt > 1) {
                    LOG.info("worker {}: the join store answers again; the poll is stored after {} attempts", worker, attempt);
                }
                return null;
            } catch (OptimisticLockingException e) {
                return new Conflict();
            } catch (RuntimeException e) {
                if (stopping(route) || System.currentTimeMillis() - start > STORE_RETRY_MILLIS) {
                    return e;
                }
                LOG.warn("worker {}: cannot store the poll's parts (attempt {}), trying again in {} ms: {}", worker, attempt,
                        backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (consumer == null || offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException e) {
            // the poll's effects are durable; its records are read again by whoever owns the partitions now
            LOG.warn("worker {}: offsets {} not committed ({}); those records will be read again, their effects are stored",
                    worker, offsets, e.getMessage());
        }
    }

    /**
     * Another consumer changed a group of the poll after the poll read it (inputs not partitioned by id put the parts
     * of one id on several consumers): an expected race, settled by reading the poll again on the newer group.
     */
    private static final class Conflict extends RuntimeException {
        Conflict() {
            super("a group of the poll was changed meanwhile by another consumer", null, false, false);
        }
    }

    /**
     * Writes nothing of the unit, and makes the consumer read the poll again from its first records. The results the
     * poll had on the broker already are not sent again when the re-read completes the same groups.
     */
    private void goBack(Route route, Consumer<?, ?> consumer, PollUnit unit, Exception failure) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (PollUnit.Read r : unit.reads()) {
            first.putIfAbsent(r.partition(), r.offset());
        }
        if (unit.holder() != null) {
            // what the consumer held is dropped: read again from the committed offsets
            unit.holder().reset().forEach((tp, offset) -> first.merge(tp, offset, Math::min));
        }
        List<String> done = unit.doneGroups();
        sent.addAll(done);
        int failures = ++failuresInARow.get()[0];
        if (failure instanceof Conflict) {
            LOG.info("worker {}: a poll of {} records is read again from {}: {} (results it had sent already, not sent again: {})",
                    worker, unit.reads().size(), first, failure.getMessage(), done.size());
        } else {
            LOG.error("worker {}: a poll of {} records failed and is read again from {} (nothing of it stored or committed): {}",
                    worker, unit.reads().size(), first, failure.toString(), failure);
        }
        if (consumer != null) {
            seekBack(consumer, first);
        }
        // a conflict is read again at once: the newer group is stored by now; a failure waits, longer each time
        long wait = failure instanceof Conflict && failures == 1 ? 0 : Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(failures - 1, 10));
        if (!stopping(route) && wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Consumer<?, ?> consumerOf(Exchange exchange) {
        Object commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT);
        return commit instanceof DefaultKafkaManualCommit c ? c.getConsumer() : null;
    }

    private static boolean stopping(Route route) {
        return route.getConsumer() instanceof org.apache.camel.support.service.ServiceSupport s
                && (s.isStopping() || s.isStopped() || s.isSuspending())
                || route.getCamelContext().isStopping();
    }
}
