package skeleton.join;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Groups whose results a failed poll already had acknowledged (or dead-lettered). The poll is read again, completes
 * the same groups from the same records, and their results are not sent a second time. A group is the same when
 * its id and the positions of its parts are (so a group made of other records, a repeat upstream, still goes out).
 * Shared by a worker's consumer threads: after a rebalance the re-read may be another thread's.
 */
final class SentGroups {

    /** Entries a re-read never claimed (its partitions went to another process) are dropped oldest first. */
    private static final int LIMIT = 100_000;

    private final Map<String, Boolean> sent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > LIMIT;
        }
    };

    /** The identity of a completed group: its id and where each of its parts was read. */
    static String identity(JoinGroup group) {
        return group.key() + " " + group.slots().values().stream().map(Part::position).sorted().collect(Collectors.joining(","));
    }

    synchronized void addAll(Collection<String> identities) {
        identities.forEach(identity -> sent.put(identity, Boolean.TRUE));
    }

    /** True, once, for a group whose result went out in a poll that failed afterwards. */
    synchronized boolean claim(JoinGroup group) {
        return !sent.isEmpty() && sent.remove(identity(group)) != null;
    }
}
