package skeleton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 commits reach the file before they return: the worker sets WRITE_DELAY 0, or refuses a user who cannot. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void the_worker_closes_an_h2_database_itself_not_h2s_shutdown_hook() {
        assertThat(Database.withoutCloseOnExit("jdbc:h2:file:/x/y")).isEqualTo("jdbc:h2:file:/x/y;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(Database.withoutCloseOnExit("jdbc:h2:file:/x/y;AUTO_SERVER=TRUE")).as("H2 refuses the two together")
                .isEqualTo("jdbc:h2:file:/x/y;AUTO_SERVER=TRUE");
        assertThat(Database.withoutCloseOnExit("jdbc:h2:file:/x/y;db_close_on_exit=true")).endsWith("db_close_on_exit=true");
        assertThat(Database.withoutCloseOnExit("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void opening_an_h2_database_sets_its_write_delay_to_zero_for_good() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (Database d = Database.open(url, "sa", "", 1)) {
            assertThat(d.dialect()).isEqualTo(Database.Dialect.H2);
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(writeDelay(c)).isEqualTo("0");
        }
    }

    @Test
    void a_non_admin_user_is_refused_while_commits_are_written_late() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        createUser(url, "500");

        assertThatThrownBy(() -> Database.open(url, "worker", "pw", 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("H2 user \"worker\" is not an admin")
                .hasMessageContaining("500 ms later (WRITE_DELAY)")
                .hasMessageContaining("SET WRITE_DELAY 0");
    }

    @Test
    void a_non_admin_user_is_accepted_once_an_admin_set_the_write_delay_to_zero() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        createUser(url, "0");

        try (Database d = Database.open(url, "worker", "pw", 1); Connection c = d.dataSource().getConnection()) {
            assertThat(writeDelay(c)).isEqualTo("0");
        }
    }

    /** A database made by an admin with plain JDBC, with a non-admin user "worker" and the write delay given. */
    private static void createUser(String url, String writeDelay) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE USER worker PASSWORD 'pw'");
            st.execute("SET WRITE_DELAY " + writeDelay);
        }
    }

    private static String writeDelay(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
