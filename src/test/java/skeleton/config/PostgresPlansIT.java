package skeleton.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import skeleton.join.JoinRepository;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;

/**
 * The join tables start empty and grow. On PostgreSQL a statement the driver had prepared on the server got a plan
 * cached while its table was nearly empty, a full scan, and kept it once the table held 100,000 completed ids: the
 * reads of a poll's ids took 50 to 120 ms each and a worker joined 600 ids/s instead of thousands. The pool's
 * connections now have each statement planned with its values: the same read, repeated as a worker repeats it, uses
 * the primary key once the table has grown.
 */
class PostgresPlansIT {

    @Test
    void reads_of_ids_use_the_primary_key_once_the_table_has_grown() throws Exception {
        TestDatabase pg = TestDatabase.selected().stream().filter(d -> d.name().equals("postgresql")).findFirst().orElse(null);
        Assumptions.assumeTrue(pg != null, "TEST_DATABASES leaves PostgreSQL out");
        String table = JoinRepository.tableFor(Topics.unique("w"));
        try (Database d = Database.open(pg.url(), pg.user(), pg.password(), 1)) {
            d.runScript("join_tables", Map.of("table", table));
            try (Connection c = d.dataSource().getConnection()) {
                c.setAutoCommit(false);
                String read = "SELECT id FROM " + table + "_done WHERE id IN (?, ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(read); Statement st = c.createStatement()) {
                    // given the read repeated while the table is nearly empty, as a worker's first polls repeat it
                    st.executeUpdate("INSERT INTO " + table + "_done SELECT 'id-' || g, '1' FROM generate_series(1, 10) g");
                    for (int i = 0; i < 10; i++) {
                        run(ps, "id-1", "id-2", "x");
                    }
                    // when the table has grown to 100,000 ids
                    st.executeUpdate("INSERT INTO " + table + "_done SELECT 'id-' || g, '1' FROM generate_series(11, 100000) g");
                    long before = seqScans(c, table + "_done");
                    assertThat(run(ps, "id-99999", "id-5", "x")).isEqualTo(2);

                    assertThat(seqScans(c, table + "_done") - before).as("full scans of the grown table by one read").isZero();
                }
                c.rollback();
            } finally {
                try (Connection c = d.dataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table + "_done");
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
    }

    private static int run(PreparedStatement ps, String... ids) throws Exception {
        for (int i = 0; i < ids.length; i++) {
            ps.setString(i + 1, ids[i]);
        }
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    /** This transaction's full scans of a table, counted by the server as they happen. */
    private static long seqScans(Connection c, String table) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
