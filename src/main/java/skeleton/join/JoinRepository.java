package skeleton.join;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Camel's {@link JdbcAggregationRepository} for one worker, on the worker's config database: groups stored as JSON
 * ({@link JsonExchangeCodec}), the deadline and missing topics as plain columns, recovery of completed but unsent
 * groups on. Tables: {@code join_<worker>} and {@code join_<worker>_completed}, created at start from
 * {@code db/<dialect>/join_tables.sql}.
 */
public final class JoinRepository extends JdbcAggregationRepository implements DeadlineRepository {

    /** An in-flight group whose deadline has passed in wall-clock time: a candidate for the data-time check. */
    public record Candidate(String key, long deadline, List<String> missing) {
    }

    private final long recoveryIntervalMillis;

    public JoinRepository(DataSource dataSource, String table, long recoveryIntervalMillis) {
        super(new DataSourceTransactionManager(dataSource), table, dataSource);
        this.recoveryIntervalMillis = recoveryIntervalMillis;
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
     * Reads a group with one plain SELECT, where Camel's version runs it in a read-only transaction (a commit more per
     * part) and throws an exception for every new id. Each statement is its own transaction either way, and the
     * aggregator reads under its lock, so nothing changes but one round trip less.
     */
    @Override
    public Exchange get(CamelContext camelContext, String key) {
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
        long version = exchange.getProperty(VERSION_PROPERTY, Long.class);
        Exchange completed = exchange.copy();
        completed.setExchangeId(exchange.getExchangeId());
        completed.getMessage().setHeader(JoinHeaders.COMPLETED_AT, System.currentTimeMillis());
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
     * Removes a sent group from the completed table. A group completed by its first part (a one-topic worker) was
     * never stored, so finding no row is normal here, not the error the base class logs.
     */
    @Override
    public boolean confirmWithResult(CamelContext camelContext, String exchangeId) {
        Integer deleted = transactionTemplate.execute(
                status -> jdbcTemplate.update("DELETE FROM " + getRepositoryNameCompleted() + " WHERE id = ?", exchangeId));
        return deleted != null && deleted == 1;
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
        return jdbcTemplate.query(sql, (rs, i) -> new Candidate(rs.getString(1), Long.parseLong(rs.getString(2)),
                rs.getString(3) == null || rs.getString(3).isEmpty() ? List.of() : List.of(rs.getString(3).split(","))),
                JoinHeaders.padded(before));
    }
}
