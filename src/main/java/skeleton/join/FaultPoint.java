package skeleton.join;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moments of the join path where a crash does the most harm, named so that the fault tests can SIGKILL a
 * worker's process exactly there: with the system property {@code skeleton.test.pauseAt} set to a point's name, the
 * first thread to reach it logs {@code paused at <name>} and waits forever. (Between two statements a SIGKILL cannot be
 * timed from outside the process.) Unset, as always outside those tests, a point costs one comparison.
 */
public enum FaultPoint {
    /** A poll's parts are stored; its offsets are not committed yet. */
    STORED("stored"),
    /** The first group completed; its processor has not run, nothing of it is sent. */
    COMPLETED("completed"),
    /** A poll's results are acknowledged by the broker; its parts are not stored nor its offsets committed. */
    SENT("sent"),
    /** A poll's offsets are committed up to the first part of the groups its consumer holds in memory, unstored. */
    HELD("held"),
    /** The deadline check's reports are sent; the expired groups are not removed yet. */
    EXPIRED("expired");

    private static final Logger LOG = LoggerFactory.getLogger(FaultPoint.class);
    private static final String PAUSE_AT = System.getProperty("skeleton.test.pauseAt", "");
    private static final AtomicBoolean PAUSED = new AtomicBoolean();

    private final String label;

    FaultPoint(String label) {
        this.label = label;
    }

    /** Waits forever here when the tests asked for this point and no thread paused yet; else returns at once. */
    void reach() {
        if (PAUSE_AT.isEmpty() || !PAUSE_AT.equals(label) || !PAUSED.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("paused at {} (skeleton.test.pauseAt)", label);
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // a stop interrupts the thread: it stays here, as a process killed at this point would
            }
        }
    }
}
