package skeleton.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A background producer of two-part ids ({@code id-0} ... on two topics), as upstream services would send them while a
 * worker runs; a failure of its own fails the test at once through {@link #ok()}, not after an await's timeout.
 */
public final class TwoPartStream implements AutoCloseable {

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private TwoPartStream(Topics topics, String a, String b, int ids, int holdAt) {
        thread = new Thread(() -> {
            try {
                for (int i = 0; i < ids; i++) {
                    if (i == holdAt) {
                        topics.flush();
                        released.await();
                    }
                    String key = "id-" + i;
                    topics.sendAsync(a, key, "{\"id\": \"" + key + "\", \"a\": " + i + "}", null);
                    topics.sendAsync(b, key, "{\"id\": \"" + key + "\", \"b\": " + i + "}", null);
                    if (i % 100 == 99) {
                        topics.flush();
                    }
                }
                topics.flush();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "two-part-stream");
        thread.setDaemon(true);
    }

    /** Starts sending {@code ids} ids, each with a part on {@code a} and one on {@code b}. */
    public static TwoPartStream start(Topics topics, String a, String b, int ids) {
        return start(topics, a, b, ids, -1);
    }

    /**
     * As {@link #start(Topics, String, String, int)}, but the ids from {@code holdAt} on wait for {@link #release()}:
     * a worker stopped before then is stopped before the stream ends, however fast it is.
     */
    public static TwoPartStream start(Topics topics, String a, String b, int ids, int holdAt) {
        TwoPartStream stream = new TwoPartStream(topics, a, b, ids, holdAt);
        stream.thread.start();
        return stream;
    }

    /** Lets a held stream send the rest of its ids. */
    public void release() {
        released.countDown();
    }

    /** True while the producer has not failed; throws its failure otherwise. */
    public boolean ok() {
        if (failure.get() != null) {
            throw new AssertionError("the test producer failed", failure.get());
        }
        return true;
    }

    /** Waits until every part is sent and acknowledged. */
    public void finish() throws InterruptedException {
        thread.join();
        ok();
    }

    @Override
    public void close() throws InterruptedException {
        released.countDown();
        thread.join(60_000);
    }
}
