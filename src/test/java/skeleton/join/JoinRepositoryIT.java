package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import skeleton.config.Database;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;

/**
 * The repository's versions are what lets consumer threads store parts without the aggregator's lock: a writer that
 * read a group before another writer changed it must fail and read again, never overwrite, move or lose the change.
 */
class JoinRepositoryIT {

    private final CamelContext context = new DefaultCamelContext();

    private static final String PARTS = "join_test_parts";   // the codec keeps the join_ headers

    private Exchange group(String parts) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setHeader(PARTS, parts);
        e.getMessage().setHeader(JoinHeaders.DEADLINE, JoinHeaders.padded(1_000));
        e.getMessage().setHeader(JoinHeaders.MISSING, "b");
        return e;
    }

    /** A test given the fresh tables of one worker on a database. */
    private interface WithTables {
        void run(Database database, String table) throws Exception;
    }

    private static void withTables(TestDatabase db, WithTables test) throws Exception {
        String table = JoinRepository.tableFor(Topics.unique("w"));
        try (Database d = Database.open(db.url(), db.user(), db.password(), 2)) {
            d.runScript("join_tables", Map.of("table", table));
            test.run(d, table);
        }
    }

    private static JoinRepository started(Database d, String table, long recoveryIntervalMillis) {
        JoinRepository repository = new JoinRepository(d.dataSource(), table, recoveryIntervalMillis);
        repository.start();
        return repository;
    }

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void a_writer_holding_an_old_version_fails_and_the_newer_group_stays(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = started(d, table, 60_000);
            try {
                // given a stored group, read by two consumer threads
                repository.add(context, "id-1", null, group("first part"));
                Exchange readByOne = repository.get(context, "id-1");
                Exchange readByOther = repository.get(context, "id-1");

                // when the other stores its part first
                readByOther.getMessage().setHeader(PARTS, "first and second part");
                repository.add(context, "id-1", readByOther, readByOther);

                // then the one holding the older version can neither store nor complete the group
                readByOne.getMessage().setHeader(PARTS, "first and third part");
                assertThatThrownBy(() -> repository.add(context, "id-1", readByOne, readByOne))
                        .isInstanceOf(OptimisticLockingException.class);
                assertThatThrownBy(() -> repository.remove(context, "id-1", readByOne))
                        .isInstanceOf(OptimisticLockingException.class);
                assertThat(repository.get(context, "id-1").getMessage().getHeader(PARTS)).isEqualTo("first and second part");
                assertThat(db.rows(table + "_completed")).isZero();

                // and a second "first part" of the same id, stored concurrently, fails too
                assertThatThrownBy(() -> repository.add(context, "id-1", null, group("another first part")))
                        .isInstanceOf(OptimisticLockingException.class);

                // while the current version completes: moved to the completed table until it is confirmed
                Exchange current = repository.get(context, "id-1");
                repository.remove(context, "id-1", current);
                assertThat(repository.get(context, "id-1")).isNull();
                assertThat(db.rows(table + "_completed")).isEqualTo(1);
                assertThat(repository.confirmWithResult(context, current.getExchangeId())).isTrue();
                assertThat(db.rows(table + "_completed")).isZero();

                // a group completed by its first part (a one-topic worker) was never stored: confirmed as it is,
                // or the aggregator would keep its id to confirm it again, one id per message, forever
                assertThat(repository.confirmWithResult(context, "completed-by-its-first-part")).isTrue();
            } finally {
                repository.stop();
            }
        });
    }

    /**
     * A group just moved to the completed table is on its way to the broker: the recovery task of this process, or
     * of another process running the same worker, must leave it alone until a whole recovery interval has passed.
     */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void recovery_lists_a_completed_group_only_once_it_has_stayed_unconfirmed_for_an_interval(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository completing = started(d, table, 60_000);
            JoinRepository otherProcess = started(d, table, 60_000);
            JoinRepository impatient = started(d, table, 200);
            try {
                completing.add(context, "id-1", null, group("every part"));
                Exchange stored = completing.get(context, "id-1");
                completing.remove(context, "id-1", stored);

                assertThat(completing.scan(context)).isEmpty();
                assertThat(otherProcess.scan(context)).isEmpty();
                await().atMost(Duration.ofSeconds(5)).until(() -> impatient.scan(context).contains(stored.getExchangeId()));
                Exchange recovered = impatient.recover(context, stored.getExchangeId());
                assertThat(recovered.getExchangeId()).isEqualTo(stored.getExchangeId());
                assertThat(recovered.getMessage().getHeader(PARTS)).isEqualTo("every part");
            } finally {
                for (JoinRepository r : List.of(completing, otherProcess, impatient)) {
                    r.stop();
                }
            }
        });
    }

    /**
     * A consumer thread's writes wait for the end of its batch: its own reads see them, nobody else does, and one
     * flush writes them together or not at all. A group confirmed as sent before the flush is never written.
     */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void held_writes_are_stored_together_at_the_flush_or_not_at_all(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = started(d, table, 60_000);
            try {
                repository.add(context, "stored", null, group("stored first part"));
                repository.holdWritesOnThisThread();

                // given a batch that starts two groups, completes one of them and extends a stored one
                repository.add(context, "new", null, group("new first part"));
                repository.add(context, "sent", null, group("sent first part"));
                Exchange sent = repository.get(context, "sent");
                sent.getMessage().setHeader(PARTS, "sent, every part");
                repository.remove(context, "sent", sent);
                Exchange stored = repository.get(context, "stored");
                stored.getMessage().setHeader(PARTS, "stored, second part");
                repository.add(context, "stored", stored, stored);

                // the thread reads its own writes; the database has none of them yet
                assertThat(repository.get(context, "new").getMessage().getHeader(PARTS)).isEqualTo("new first part");
                assertThat(repository.get(context, "sent")).isNull();
                assertThat(db.rows(table)).isEqualTo(1);
                assertThat(Executors.newSingleThreadExecutor().submit(() -> repository.get(context, "stored")).get()
                        .getMessage().getHeader(PARTS)).isEqualTo("stored first part");

                // a send acknowledged before the flush: its completed row is never written
                assertThat(repository.confirmWithResult(context, sent.getExchangeId())).isTrue();
                repository.flush();
                assertThat(db.rows(table)).isEqualTo(2);
                assertThat(db.rows(table + "_completed")).isZero();
                assertThat(repository.get(context, "stored").getMessage().getHeader(PARTS)).isEqualTo("stored, second part");

                // when another writer changes a group this batch also changes, the flush fails and writes nothing
                Exchange mine = repository.get(context, "stored");
                repository.add(context, "other", null, group("other first part"));
                mine.getMessage().setHeader(PARTS, "stored, third part");
                repository.add(context, "stored", mine, mine);
                Executors.newSingleThreadExecutor().submit(() -> {
                    Exchange theirs = repository.get(context, "stored");
                    theirs.getMessage().setHeader(PARTS, "stored, their part");
                    repository.add(context, "stored", theirs, theirs);
                    return null;
                }).get();
                assertThatThrownBy(repository::flush).isInstanceOf(OptimisticLockingException.class);
                assertThat(repository.get(context, "other")).isNull();
                assertThat(repository.get(context, "stored").getMessage().getHeader(PARTS)).isEqualTo("stored, their part");
            } finally {
                repository.stop();
            }
        });
    }
}
