package skeleton.join;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;

/**
 * Groups in memory, for {@code JOIN_REPOSITORY=memory}: fast, and nothing survives a restart (groups in flight are
 * lost). For measurements and stateless experiments, not for production.
 */
final class MemoryGroupStore implements GroupStore {

    private record Row(Exchange group, long version) {
    }

    private final Map<String, Row> groups = new ConcurrentHashMap<>();
    private final Map<String, Long> completed = new ConcurrentHashMap<>();

    @Override
    public Found find(CamelContext context, String key) {
        Row row = groups.get(key);
        if (row != null) {
            return new Found(JsonExchangeCodec.compact(row.group()), row.version(), null);
        }
        Long until = completed.get(key);
        return until == null ? null : new Found(null, 0, until);
    }

    @Override
    public synchronized void write(List<Change> changes, Map<String, Long> notes, boolean tolerant) {
        List<Change> valid = new ArrayList<>();
        for (Change c : changes) {
            Row row = groups.get(c.key());
            boolean matches = c.version() == null ? row == null : row != null && row.version() == c.version();
            if (matches) {
                valid.add(c);
            } else if (!tolerant) {
                throw new OptimisticLockingException();
            }
        }
        for (Change c : valid) {
            if (c.group() == null) {
                groups.remove(c.key());
            } else {
                groups.put(c.key(), new Row(JsonExchangeCodec.compact(c.group()), c.version() == null ? 1 : c.version() + 1));
            }
        }
        completed.putAll(notes);
    }

    @Override
    public synchronized Map<String, Long> claim(List<JoinRepository.Candidate> candidates) {
        Map<String, Long> claimed = new LinkedHashMap<>();
        for (JoinRepository.Candidate c : candidates) {
            Row row = groups.get(c.key());
            if (row != null && row.version() == c.version()) {
                groups.put(c.key(), new Row(row.group(), row.version() + 1));
                claimed.put(c.key(), row.version() + 1);
            }
        }
        return claimed;
    }

    @Override
    public List<JoinRepository.Candidate> deadlinesBefore(long before, int limit) {
        List<JoinRepository.Candidate> due = new ArrayList<>();
        groups.forEach((key, row) -> {
            String deadline = row.group().getMessage().getHeader(JoinHeaders.DEADLINE, String.class);
            if (deadline != null && Long.parseLong(deadline) < before) {
                due.add(JoinRepository.Candidate.of(key, deadline,
                        row.group().getMessage().getHeader(JoinHeaders.MISSING, String.class), row.version()));
            }
        });
        due.sort(Comparator.comparingLong(JoinRepository.Candidate::deadline));
        return due.size() > limit ? due.subList(0, limit) : due;
    }

    @Override
    public InFlight inFlight() {
        long earliest = Long.MAX_VALUE;
        int count = 0;
        for (Row row : groups.values()) {
            count++;
            String deadline = row.group().getMessage().getHeader(JoinHeaders.DEADLINE, String.class);
            if (deadline != null) {
                earliest = Math.min(earliest, Long.parseLong(deadline));
            }
        }
        return new InFlight(count, earliest);
    }

    @Override
    public int forgetCompletedBefore(long before) {
        int size = completed.size();
        completed.values().removeIf(until -> until < before);
        return size - completed.size();
    }

    @Override
    public Set<String> keys() {
        return Set.copyOf(groups.keySet());
    }
}
