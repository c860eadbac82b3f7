package skeleton.join;

/** A record the worker cannot use (not JSON, not an object, no usable id, too big, a tombstone): dead-lettered at once. */
public final class UnusableRecord extends Exception {

    public UnusableRecord(String why) {
        super(why, null, false, false);
    }
}
