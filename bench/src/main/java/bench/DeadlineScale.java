package bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import skeleton.config.Database;
import skeleton.join.JoinRepository;

/**
 * The deadline check's database work with 1,000,000 groups in flight and 1,000,000 completed ids remembered (case
 * {@code deadlines}): finding the groups past their deadline (at most 1,000 per check, by the deadline index),
 * claiming them, and forgetting the completed ids noted before a time. Each must cost about what it costs on a small
 * table, whatever the table's size.
 */
final class DeadlineScale {

    static final int ROWS = 1_000_000;
    private static final int DUE = 2_000;
    private static final int BATCH = 5_000;
    private static final byte[] GROUP = ("{\"exchangeId\":\"x\",\"headers\":{\"join_deadline\":\"0\"},\"body\":{\"parts\":"
            + "{\"a\":{\"id\":\"x\",\"content\":{\"id\":\"x\",\"amount\":123.45,\"note\":\"a part of about this size\"}}}}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private DeadlineScale() {
    }

    /** The markdown table of the case, one row per database that answers. */
    static String run() throws Exception {
        StringBuilder md = new StringBuilder("| database | rows in flight | find due groups (1,000 of " + String.format("%,d", DUE)
                + ") ms | claim 1,000 ms | forget 1,000 of " + String.format("%,d", ROWS) + " completed ids ms | fill s |\n|---|---:|---:|---:|---:|---:|\n");
        for (BenchDatabase db : BenchDatabase.ALL) {
            if (db.unavailable().isPresent()) {
                md.append("| ").append(db.name()).append(" | ").append(db.unavailable().get()).append(" | | | | |\n");
                continue;
            }
            String run = "deadlines-" + System.currentTimeMillis();
            String table = JoinRepository.tableFor(run.replace('-', '_'));
            try (Database d = Database.open(db.url(run), db.user(), "", 2)) {
                d.runScript("join_tables", Map.of("table", table));
                long now = System.currentTimeMillis();
                long fillStart = System.nanoTime();
                fill(d, table, now);
                double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
                JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
                double[] find = new double[5];
                List<JoinRepository.Candidate> due = List.of();
                for (int i = 0; i < find.length; i++) {
                    long t = System.nanoTime();
                    due = repository.deadlinesBefore(now);
                    find[i] = (System.nanoTime() - t) / 1e6;
                }
                long t = System.nanoTime();
                int claimed = repository.claim(due).size();
                double claim = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                int forgotten = repository.forgetCompletedBefore(now);
                double forget = (System.nanoTime() - t) / 1e6;
                if (due.size() != 1_000 || claimed != 1_000 || forgotten != 1_000) {
                    throw new IllegalStateException(db.name() + ": found " + due.size() + ", claimed " + claimed + ", forgot " + forgotten
                            + " (1,000 each expected)");
                }
                Arrays.sort(find);
                md.append(String.format("| %s | %,d | %.1f | %.0f | %.1f | %.0f |%n", db.name(), ROWS, find[find.length / 2], claim, forget,
                        fillSeconds));
                System.out.printf("deadlines %s: find %.1f ms, claim %.0f ms, forget %.1f ms (filled in %.0f s)%n", db.name(),
                        find[find.length / 2], claim, forget, fillSeconds);
            } finally {
                db.drop(run, List.of(table, table + "_done"));
            }
        }
        return md.toString();
    }

    /** ROWS groups, DUE of them past their deadline, the others an hour ahead; ROWS completed ids, 1,000 of them old. */
    private static void fill(Database d, String table, long now) throws SQLException {
        try (Connection c = d.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement groups = c.prepareStatement("INSERT INTO " + table
                    + " (id, exchange, version, join_deadline, join_missing) VALUES (?, ?, 1, ?, 'b')");
                 PreparedStatement done = c.prepareStatement("INSERT INTO " + table + "_done (id, remember_until) VALUES (?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    groups.setString(1, "g-" + i);
                    groups.setBytes(2, GROUP);
                    groups.setString(3, padded(i < DUE ? now - 60_000 + i : now + 3_600_000 + i));
                    groups.addBatch();
                    done.setString(1, "d-" + i);
                    done.setString(2, padded(i < 1_000 ? now - 60_000 : now + 3_600_000));
                    done.addBatch();
                    if (i % BATCH == BATCH - 1) {
                        groups.executeBatch();
                        done.executeBatch();
                        c.commit();
                    }
                }
                groups.executeBatch();
                done.executeBatch();
                c.commit();
            }
        }
    }

    /** As the worker stores deadlines: zero-padded epoch millis, 19 digits. */
    private static String padded(long millis) {
        return String.format("%019d", millis);
    }
}
