package skeleton.join;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camel's {@link JdbcAggregationRepository} for one worker, on the worker's config database: groups stored as JSON
 * ({@link JsonExchangeCodec}), the deadline and missing topics as plain columns, recovery of completed but unsent
 * groups on. Tables: {@code join_<worker>} and {@code join_<worker>_completed}, created at start from
 * {@code db/<dialect>/join_tables.sql}.
 */
public final class JoinRepository extends JdbcAggregationRepository implements DeadlineRepository {

    /** An in-flight group whose deadline has passed in wall-clock time: a candidate for the data-time check. */
    public record Candidate(String key, long deadline, List<String> missing) {

        /** From the stored columns: the zero-padded deadline and the comma-separated missing topics (or null). */
        static Candidate of(String key, String deadline, String missing) {
            return new Candidate(key, Long.parseLong(deadline),
                    missing == null || missing.isEmpty() ? List.of() : List.of(missing.split(",")));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JoinRepository.class);
    private static final int FLUSH_ATTEMPTS = 5;

    private final long recoveryIntervalMillis;
    private final TransactionTemplate flushTransactions;
    /** The writes each consumer thread holds until its batch ends ({@link #holdWritesOnThisThread}). */
    private final ThreadLocal<HeldWrites> held = new ThreadLocal<>();
    /** Completed groups this process wrote to (or recovered from) the completed table and has not confirmed yet. */
    private final Set<String> inCompletedTable = ConcurrentHashMap.newKeySet();
    /** Completed groups held by some thread, by exchange id: a confirm arriving before the flush cancels the insert. */
    private final Map<String, HeldWrites> heldCompleted = new ConcurrentHashMap<>();

    /** A group as it will be written: {@code stored} null means deleted; {@code version} is the row's version, null if none. */
    private record HeldGroup(Exchange group, byte[] stored, String deadline, String missing, Long version) {
    }

    /** One thread's writes since its last flush, by key, in key order: every writer takes its row locks in that order. */
    private static final class HeldWrites {
        final Map<String, HeldGroup> groups = new TreeMap<>();
        final Map<String, HeldGroup> completed = new TreeMap<>();

        boolean isEmpty() {
            return groups.isEmpty() && completed.isEmpty();
        }

        void clear() {
            groups.clear();
            completed.clear();
        }
    }

    public JoinRepository(DataSource dataSource, String table, long recoveryIntervalMillis) {
        super(new DataSourceTransactionManager(dataSource), table, dataSource);
        this.recoveryIntervalMillis = recoveryIntervalMillis;
        // InnoDB's default (repeatable read) locks the gaps between keys, so consumer threads writing disjoint
        // groups side by side deadlock; read committed locks only the rows written, as PostgreSQL and H2 do anyway
        this.flushTransactions = new TransactionTemplate(getTransactionManager());
        flushTransactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        setJdbcCamelCodec(new JsonExchangeCodec());
        setHeadersToStoreAsText(List.of(JoinHeaders.DEADLINE, JoinHeaders.MISSING));
        setUseRecovery(true);
        setRecoveryInterval(recoveryIntervalMillis);
    }

    /** The table of a worker: {@code join_} and its name made a plain identifier, short enough for every database. */
    public static String tableFor(String worker) {
        String plain = worker.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        String table = "join_" + plain;
        if (table.length() <= 48 && plain.equals(worker)) {
            return table;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(worker.getBytes(StandardCharsets.UTF_8));
            String head = table.substring(0, Math.min(table.length(), 39));
            return head + "_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a group: from this thread's held writes when it has one there, else with one plain SELECT, where Camel's
     * version runs it in a read-only transaction (a commit more per part) and throws an exception for every new id.
     * The version read is checked when the group is written, so no transaction is needed around the read.
     */
    @Override
    public Exchange get(CamelContext camelContext, String key) {
        HeldWrites writes = held.get();
        if (writes != null && writes.groups.containsKey(key)) {
            return writes.groups.get(key).group();
        }
        List<Exchange> found = jdbcTemplate.query("SELECT exchange, version FROM " + getRepositoryName() + " WHERE id = ?",
                (rs, i) -> read(camelContext, rs.getBytes(1), rs.getLong(2)), key);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Stores a group in one statement: INSERT for a new group, UPDATE ... WHERE version = the version read for one
     * already stored. Camel's version first counts the rows with the key, a round trip more per part; the outcome
     * of a race is the same failure either way (a duplicate key, or no row updated).
     */
    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        HeldWrites writes = held.get();
        if (writes != null) {
            HeldGroup before = writes.groups.get(key);
            Long version = before != null ? before.version() : exchange.getProperty(VERSION_PROPERTY, Long.class);
            writes.groups.put(key, new HeldGroup(exchange, marshal(exchange), exchange.getMessage().getHeader(JoinHeaders.DEADLINE, String.class),
                    exchange.getMessage().getHeader(JoinHeaders.MISSING, String.class), version));
            return null;
        }
        return transactionTemplate.execute(status -> {
            Long version = exchange.getProperty(VERSION_PROPERTY, Long.class);
            try {
                if (version == null) {
                    insert(camelContext, key, exchange, getRepositoryName(), 1L);
                } else {
                    update(camelContext, key, exchange, getRepositoryName(), version);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot store the group of id " + key + " in " + getRepositoryName()
                        + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Moves a completed group to the completed table, in one transaction, if it is still the version that was read.
     * Camel's version moves it whatever the DELETE found, so a part stored meanwhile by another consumer thread (or a
     * deadline expiring the group while its last part arrives) would be both sent and kept; here the loser of such a
     * race gets an {@link OptimisticLockingException} and the aggregator reads the group again.
     */
    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        Long version = exchange.getProperty(VERSION_PROPERTY, Long.class);
        Exchange completed = exchange.copy();
        completed.setExchangeId(exchange.getExchangeId());
        completed.getMessage().setHeader(JoinHeaders.COMPLETED_AT, System.currentTimeMillis());
        HeldWrites writes = held.get();
        if (writes != null) {
            HeldGroup before = writes.groups.get(key);
            Long rowVersion = before != null ? before.version() : version;
            writes.groups.put(key, new HeldGroup(null, null, null, null, rowVersion));
            synchronized (writes) {
                writes.completed.put(exchange.getExchangeId(), new HeldGroup(null, marshal(completed),
                        completed.getMessage().getHeader(JoinHeaders.DEADLINE, String.class),
                        completed.getMessage().getHeader(JoinHeaders.MISSING, String.class), rowVersion == null ? 1L : rowVersion));
            }
            heldCompleted.put(exchange.getExchangeId(), writes);
            return;
        }
        transactionTemplate.executeWithoutResult(status -> {
            int deleted = jdbcTemplate.update("DELETE FROM " + getRepositoryName() + " WHERE id = ? AND version = ?",
                    key, version);
            if (deleted != 1) {
                throw new OptimisticLockingException();
            }
            try {
                insert(camelContext, exchange.getExchangeId(), completed, getRepositoryNameCompleted(), version);
            } catch (Exception e) {
                throw new IllegalStateException("cannot move the group of id " + key + " to "
                        + getRepositoryNameCompleted() + ": " + e.getMessage(), e);
            }
        });
        inCompletedTable.add(exchange.getExchangeId());
    }

    @Override
    public Exchange recover(CamelContext camelContext, String exchangeId) {
        Exchange recovered = super.recover(camelContext, exchangeId);
        if (recovered != null) {
            inCompletedTable.add(exchangeId);
        }
        return recovered;
    }

    private Exchange read(CamelContext camelContext, byte[] stored, long version) {
        try {
            Exchange group = getJdbcCamelCodec().unmarshallExchange(camelContext, stored, getDeserializationFilter());
            group.setProperty(VERSION_PROPERTY, version);
            return group;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read a group from " + getRepositoryName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes a sent group from the completed table, or from the writes held for it. A group completed by its first
     * part (a one-topic worker) was never stored: there is nothing to delete, and no round trip is made.
     */
    @Override
    public boolean confirmWithResult(CamelContext camelContext, String exchangeId) {
        HeldWrites writes = heldCompleted.remove(exchangeId);
        if (writes != null) {
            synchronized (writes) {
                if (writes.completed.remove(exchangeId) != null) {
                    return true;
                }
            }
        }
        if (!inCompletedTable.remove(exchangeId)) {
            // completed by its first part (a one-topic worker): never stored, so nothing to delete; saying "not
            // confirmed" would make the aggregator keep its id forever, to confirm it again
            return true;
        }
        try {
            Integer deleted = transactionTemplate.execute(
                    status -> jdbcTemplate.update("DELETE FROM " + getRepositoryNameCompleted() + " WHERE id = ?", exchangeId));
            return deleted != null && deleted == 1;
        } catch (RuntimeException e) {
            inCompletedTable.add(exchangeId);
            throw e;
        }
    }

    @Override
    public void holdWritesOnThisThread() {
        if (held.get() == null) {
            held.set(new HeldWrites());
        }
    }

    /**
     * Writes what this thread holds in one transaction, with the same checks as one write at a time: a group changed
     * or removed by another writer since it was read fails the whole flush ({@link OptimisticLockingException}), and
     * the thread's held writes are dropped (their records are read again).
     */
    @Override
    public void flush() {
        HeldWrites writes = held.get();
        if (writes == null) {
            return;
        }
        synchronized (writes) {
            try {
                if (!writes.isEmpty()) {
                    writeRetryingOnLocks(writes);
                    inCompletedTable.addAll(writes.completed.keySet());
                }
            } finally {
                writes.completed.keySet().forEach(heldCompleted::remove);
                writes.clear();
            }
        }
    }

    private void writeRetryingOnLocks(HeldWrites writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                flushTransactions.executeWithoutResult(status -> write(writes));
                return;
            } catch (PessimisticLockingFailureException e) {
                // a deadlock or a lock wait timeout: the database rolled the transaction back, so try again
                if (attempt == FLUSH_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{}: writing a batch failed on a lock (attempt {} of {}): {}", getRepositoryName(), attempt,
                        FLUSH_ATTEMPTS, e.getMessage());
            }
        }
    }

    private void write(HeldWrites writes) {
        String table = getRepositoryName();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        writes.groups.forEach((key, g) -> {
            if (g.stored() == null) {
                if (g.version() != null) {
                    deletes.add(new Object[] {key, g.version()});
                }
            } else if (g.version() == null) {
                inserts.add(new Object[] {g.stored(), key, 1L, g.deadline(), g.missing()});
            } else {
                updates.add(new Object[] {g.stored(), g.version() + 1, g.deadline(), g.missing(), key, g.version()});
            }
        });
        List<Object[]> completed = new ArrayList<>();
        writes.completed.forEach((id, g) -> completed.add(new Object[] {g.stored(), id, g.version(), g.deadline(), g.missing()}));
        String insert = " (exchange, id, version, " + JoinHeaders.DEADLINE + ", " + JoinHeaders.MISSING + ") VALUES (?, ?, ?, ?, ?)";
        try {
            expectOneEach(jdbcTemplate.batchUpdate("DELETE FROM " + table + " WHERE id = ? AND version = ?", deletes));
            expectOneEach(jdbcTemplate.batchUpdate("UPDATE " + table + " SET exchange = ?, version = ?, " + JoinHeaders.DEADLINE
                    + " = ?, " + JoinHeaders.MISSING + " = ? WHERE id = ? AND version = ?", updates));
            jdbcTemplate.batchUpdate("INSERT INTO " + table + insert, inserts);
            jdbcTemplate.batchUpdate("INSERT INTO " + getRepositoryNameCompleted() + insert, completed);
        } catch (DataIntegrityViolationException e) {
            // a group stored meanwhile by another writer (a duplicate key)
            throw new OptimisticLockingException();
        }
    }

    private static void expectOneEach(int[] counts) {
        for (int c : counts) {
            if (c != 1 && c != Statement.SUCCESS_NO_INFO) {
                throw new OptimisticLockingException();
            }
        }
    }

    private byte[] marshal(Exchange exchange) {
        try {
            return getJdbcCamelCodec().marshallExchange(exchange, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a group for " + getRepositoryName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The completed groups for the aggregator's recovery task to send again: those completed at least one recovery
     * interval ago (by the clock of the process that completed them) and still not confirmed, so their send failed
     * or their process died. Camel's version lists every row, and the recovery task skips only the groups this
     * process knows to be on their way; but a group becomes known as such only after its row is committed (a
     * consumer thread can be overtaken by the recovery task right then), and another process running the same
     * worker knows nothing of this one's: either way a group on its way would be sent a second time.
     */
    @Override
    public Set<String> scan(CamelContext camelContext) {
        long before = System.currentTimeMillis() - recoveryIntervalMillis;
        Set<String> due = new LinkedHashSet<>();
        jdbcTemplate.query("SELECT id, exchange FROM " + getRepositoryNameCompleted(), rs -> {
            if (completedAt(rs.getBytes(2)) < before) {
                due.add(rs.getString(1));
            }
        });
        return due;
    }

    /** When a stored completed group was completed; a row that does not say (an older version's) counts as old. */
    private static long completedAt(byte[] stored) {
        try {
            return Json.MAPPER.readTree(stored).path("headers").path(JoinHeaders.COMPLETED_AT).asLong(0);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public List<Candidate> deadlinesBefore(long before) {
        String sql = "SELECT id, " + JoinHeaders.DEADLINE + ", " + JoinHeaders.MISSING + " FROM " + getRepositoryName()
                + " WHERE " + JoinHeaders.DEADLINE + " < ? ORDER BY " + JoinHeaders.DEADLINE;
        return jdbcTemplate.query(sql, (rs, i) -> Candidate.of(rs.getString(1), rs.getString(2), rs.getString(3)),
                JoinHeaders.padded(before));
    }
}
