package bench;

import java.util.concurrent.locks.LockSupport;

/** The harness's one way to wait for a condition: checked every 20 ms until it holds or a deadline passes. */
final class Poll {

    /** A condition to wait for; it may fail, which ends the wait. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    /**
     * Waits until {@code condition} holds (true) or {@code deadline} (System.nanoTime()) passes (false), running
     * {@code eachRound} first in every round (for example, checking that the process under test is alive).
     */
    static boolean until(Condition condition, long deadline, Runnable eachRound) throws Exception {
        while (true) {
            eachRound.run();
            if (condition.holds()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(20_000_000);
        }
    }
}
