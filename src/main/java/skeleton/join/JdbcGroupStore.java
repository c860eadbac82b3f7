package skeleton.join;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker's groups in its config database: {@code join_<worker>} holds the groups in flight as JSON
 * ({@link JsonExchangeCodec}) with their deadline and missing topics as plain columns, {@code join_<worker>_done}
 * the ids completed recently. Tables from {@code db/<dialect>/join_tables.sql}.
 */
final class JdbcGroupStore implements GroupStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcGroupStore.class);
    private static final int WRITE_ATTEMPTS = 5;
    /** Keys per query of {@link #findAll}: well within every database's limit of bind parameters. */
    private static final int FIND_CHUNK = 250;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String table;
    private final String done;
    /** Notes a completed id, or renews its note: one statement per id, in the database's own upsert. */
    private final String noteCompleted;
    private final JsonExchangeCodec codec = new JsonExchangeCodec();

    JdbcGroupStore(DataSource dataSource, String table) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // InnoDB's default (repeatable read) locks the gaps between keys, so consumer threads writing disjoint
        // groups side by side deadlock; read committed locks only the rows written, as PostgreSQL and H2 do anyway
        transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.table = table;
        this.done = table + "_done";
        this.noteCompleted = switch (productOf(dataSource)) {
            case "MySQL", "MariaDB" -> "INSERT INTO " + done + " (id, remember_until) VALUES (?, ?)"
                    + " ON DUPLICATE KEY UPDATE remember_until = VALUES(remember_until)";
            case "PostgreSQL" -> "INSERT INTO " + done + " (id, remember_until) VALUES (?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET remember_until = EXCLUDED.remember_until";
            default -> "MERGE INTO " + done + " (id, remember_until) KEY (id) VALUES (?, ?)";
        };
    }

    private static String productOf(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the join tables: " + e.getMessage(), e);
        }
    }

    /** One round trip: the group in flight, or the note of a completed id. */
    @Override
    public Found find(CamelContext context, String key) {
        List<Found> found = jdbc.query("SELECT exchange, version, NULL FROM " + table + " WHERE id = ? UNION ALL"
                        + " SELECT NULL, 0, remember_until FROM " + done + " WHERE id = ?",
                (rs, i) -> {
                    byte[] stored = rs.getBytes(1);
                    return stored != null ? new Found(decode(context, stored), rs.getLong(2), null)
                            : new Found(null, 0, Long.parseLong(rs.getString(3)));
                }, key, key);
        return found.stream().filter(f -> f.group() != null).findFirst().orElse(found.isEmpty() ? null : found.get(0));
    }

    @Override
    public boolean batchesReads() {
        return true;
    }

    /** The groups and notes of many keys, a few hundred keys a query. */
    @Override
    public Map<String, Found> findAll(CamelContext context, Collection<String> keys) {
        Map<String, Found> found = new HashMap<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += FIND_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + FIND_CHUNK));
            String in = String.join(",", Collections.nCopies(chunk.size(), "?"));
            List<Object> args = new ArrayList<>(chunk);
            args.addAll(chunk);
            jdbc.query("SELECT id, exchange, version, NULL FROM " + table + " WHERE id IN (" + in + ") UNION ALL"
                    + " SELECT id, NULL, 0, remember_until FROM " + done + " WHERE id IN (" + in + ")", rs -> {
                        String id = rs.getString(1);
                        byte[] stored = rs.getBytes(2);
                        if (stored != null) {
                            found.put(id, new Found(decode(context, stored), rs.getLong(3), null));
                        } else {
                            found.putIfAbsent(id, new Found(null, 0, Long.parseLong(rs.getString(4))));
                        }
                    }, args.toArray());
        }
        return found;
    }

    @Override
    public void write(List<Change> changes, Map<String, Long> completed, boolean tolerant) {
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(status -> writeOnce(changes, completed, tolerant));
                return;
            } catch (PessimisticLockingFailureException e) {
                // a deadlock or a lock wait timeout: the database rolled the transaction back, so try again
                if (attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{}: writing a batch failed on a lock (attempt {} of {}): {}", table, attempt, WRITE_ATTEMPTS, e.getMessage());
            }
        }
    }

    /** In key order, as every writer takes its row locks in that order. */
    private void writeOnce(List<Change> changes, Map<String, Long> completed, boolean tolerant) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        for (Change c : changes) {
            if (c.group() == null) {
                if (c.version() != null) {
                    deletes.add(new Object[] {c.key(), c.version()});
                }
            } else if (c.version() == null) {
                inserts.add(new Object[] {encode(c.group()), c.key(), 1L, deadline(c.group()), missing(c.group())});
            } else {
                updates.add(new Object[] {encode(c.group()), c.version() + 1, deadline(c.group()), missing(c.group()), c.key(), c.version()});
            }
        }
        List<Object[]> notes = new ArrayList<>();
        completed.forEach((key, until) -> notes.add(new Object[] {key, JoinHeaders.padded(until)}));
        try {
            check(jdbc.batchUpdate("DELETE FROM " + table + " WHERE id = ? AND version = ?", deletes), tolerant);
            check(jdbc.batchUpdate("UPDATE " + table + " SET exchange = ?, version = ?, " + JoinHeaders.DEADLINE + " = ?, "
                    + JoinHeaders.MISSING + " = ? WHERE id = ? AND version = ?", updates), tolerant);
            jdbc.batchUpdate("INSERT INTO " + table + " (exchange, id, version, " + JoinHeaders.DEADLINE + ", "
                    + JoinHeaders.MISSING + ") VALUES (?, ?, ?, ?, ?)", inserts);
            // a completed id may be noted already (a group of it completed before): its note is renewed
            jdbc.batchUpdate(noteCompleted, notes);
        } catch (DataIntegrityViolationException e) {
            // a group stored meanwhile by another writer (a duplicate key)
            throw new OptimisticLockingException();
        }
    }

    private static void check(int[] counts, boolean tolerant) {
        for (int c : counts) {
            if (c != 1 && c != Statement.SUCCESS_NO_INFO && !tolerant) {
                throw new OptimisticLockingException();
            }
        }
    }

    @Override
    public Map<String, Long> claim(List<JoinRepository.Candidate> candidates) {
        Map<String, Long> claimed = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return claimed;
        }
        // one statement per group, not a batch: a rewritten batch does not tell which rows it changed
        transactions.executeWithoutResult(status -> {
            for (JoinRepository.Candidate c : candidates) {
                if (jdbc.update("UPDATE " + table + " SET version = version + 1 WHERE id = ? AND version = ?", c.key(), c.version()) == 1) {
                    claimed.put(c.key(), c.version() + 1);
                }
            }
        });
        return claimed;
    }

    @Override
    public List<JoinRepository.Candidate> deadlinesBefore(long before, int limit) {
        String sql = "SELECT id, " + JoinHeaders.DEADLINE + ", " + JoinHeaders.MISSING + ", version FROM " + table
                + " WHERE " + JoinHeaders.DEADLINE + " < ? ORDER BY " + JoinHeaders.DEADLINE + " LIMIT " + limit;
        return jdbc.query(sql, (rs, i) -> JoinRepository.Candidate.of(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getLong(4)), JoinHeaders.padded(before));
    }

    @Override
    public int forgetCompletedBefore(long before) {
        return jdbc.update("DELETE FROM " + done + " WHERE remember_until < ?", JoinHeaders.padded(before));
    }

    @Override
    public InFlight inFlight() {
        return jdbc.queryForObject("SELECT COUNT(*), MIN(" + JoinHeaders.DEADLINE + ") FROM " + table, (rs, i) ->
                new InFlight(rs.getLong(1), rs.getString(2) == null ? Long.MAX_VALUE : Long.parseLong(rs.getString(2))));
    }

    @Override
    public Set<String> keys() {
        return new LinkedHashSet<>(jdbc.queryForList("SELECT id FROM " + table, String.class));
    }

    private static String deadline(Exchange group) {
        return group.getMessage().getHeader(JoinHeaders.DEADLINE, String.class);
    }

    private static String missing(Exchange group) {
        return group.getMessage().getHeader(JoinHeaders.MISSING, String.class);
    }

    private byte[] encode(Exchange group) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            codec.marshallExchange(group, false, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a group for " + table + ": " + e.getMessage(), e);
        }
    }

    private Exchange decode(CamelContext context, byte[] stored) {
        try {
            return codec.unmarshallExchange(context, new ByteArrayInputStream(stored), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a group from " + table + ": " + e.getMessage(), e);
        }
    }
}
