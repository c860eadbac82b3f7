package skeleton.app;

import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.camel.StaticService;
import org.apache.camel.spi.ReactiveExecutor;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's reactive executor (each thread runs the work it schedules from a queue of its own, one item after the
 * other), with one difference: work run at once ({@link #scheduleSync}) from inside running work leaves the thread's
 * loop marked running. Ours because Camel 4.18's {@code DefaultReactiveExecutor} marks the loop stopped then, so
 * every group the aggregator completes inside a split runs the rest of the split one stack level deeper, and a poll of
 * a few thousand records overflows the consumer thread's stack. Installed through
 * {@code META-INF/services/org/apache/camel/reactive-executor}; Camel logs "Using ReactiveExecutor" at start.
 */
public final class FlatReactiveExecutor extends ServiceSupport implements ReactiveExecutor, StaticService {

    private static final Logger LOG = LoggerFactory.getLogger(FlatReactiveExecutor.class);

    private final ThreadLocal<Loop> loops = ThreadLocal.withInitial(Loop::new);
    private volatile boolean statisticsEnabled;

    @Override
    public void schedule(Runnable work) {
        loops.get().add(work, false, false);
    }

    @Override
    public void scheduleMain(Runnable work) {
        loops.get().add(work, true, false);
    }

    @Override
    public void scheduleSync(Runnable work) {
        loops.get().add(work, true, true);
    }

    @Override
    public void scheduleQueue(Runnable work) {
        loops.get().queue.addLast(work);
    }

    @Override
    public boolean executeFromQueue() {
        Runnable work = loops.get().queue.pollFirst();
        if (work == null) {
            return false;
        }
        run(work);
        return true;
    }

    @Override
    public void setStatisticsEnabled(boolean statisticsEnabled) {
        this.statisticsEnabled = statisticsEnabled;
    }

    @Override
    public boolean isStatisticsEnabled() {
        return statisticsEnabled;
    }

    @Override
    protected void doShutdown() {
        loops.remove();
    }

    @Override
    public String toString() {
        return "FlatReactiveExecutor";
    }

    private static void run(Runnable work) {
        try {
            work.run();
        } catch (Exception e) {
            // as Camel's: the work's own callback has the failure; one piece of work must not stop the others
            LOG.warn("Reactive work failed, the rest goes on: {}", e.toString(), e);
        }
    }

    /** One thread's work: the queue being run, and the queues set aside by a main flow that started within it. */
    private static final class Loop {
        private Deque<Runnable> queue = new ArrayDeque<>();
        private final Deque<Deque<Runnable>> aside = new ArrayDeque<>();
        private boolean running;

        void add(Runnable work, boolean main, boolean now) {
            if (main && !queue.isEmpty()) {
                aside.push(queue);
                queue = new ArrayDeque<>();
            }
            queue.addLast(work);
            if (running && !now) {
                return;
            }
            boolean outer = running;
            running = true;
            try {
                drain();
            } finally {
                running = outer;
            }
        }

        private void drain() {
            while (true) {
                Runnable work = queue.pollFirst();
                if (work == null) {
                    if (aside.isEmpty()) {
                        return;
                    }
                    queue = aside.pop();
                } else {
                    run(work);
                }
            }
        }
    }
}
