package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.OptimisticLockingAggregationRepository.OptimisticLockingException;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.jdbc.core.JdbcTemplate;
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
            try {
                test.run(d, table);
            } finally {
                JdbcTemplate jdbc = new JdbcTemplate(d.dataSource());
                jdbc.execute("DROP TABLE IF EXISTS " + table + "_done");
                jdbc.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /** Runs on another thread, as another consumer thread would, outside this thread's unit of work. */
    private static <T> T elsewhere(java.util.concurrent.Callable<T> work) throws Exception {
        var executor = Executors.newSingleThreadExecutor();
        try {
            return executor.submit(work).get();
        } finally {
            executor.shutdown();
        }
    }

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void a_writer_holding_an_old_version_fails_and_the_newer_group_stays(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
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

            // and a second "first part" of the same id, stored concurrently, fails too
            assertThatThrownBy(() -> repository.add(context, "id-1", null, group("another first part")))
                    .isInstanceOf(OptimisticLockingException.class);

            // while the current version completes: gone, and noted as completed
            Exchange current = repository.get(context, "id-1");
            repository.remove(context, "id-1", current);
            assertThat(db.rows(table)).isZero();
            assertThat(repository.get(context, "id-1").getMessage().getHeader(JoinRepository.COMPLETED_UNTIL)).isEqualTo(1_000L);
        });
    }

    /**
     * A unit of work's writes wait for its end: its own reads see them, nobody else does, and one flush writes
     * them together or not at all.
     */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void held_writes_are_stored_together_at_the_flush_or_not_at_all(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
            repository.add(context, "stored", null, group("stored first part"));
            PollUnit unit = PollUnit.open();
            try {
                // given a poll that starts two groups, completes one of them and extends a stored one
                repository.add(context, "new", null, group("new first part"));
                repository.add(context, "sent", null, group("sent first part"));
                Exchange sent = repository.get(context, "sent");
                sent.getMessage().setHeader(PARTS, "sent, every part");
                repository.remove(context, "sent", sent);
                Exchange stored = repository.get(context, "stored");
                stored.getMessage().setHeader(PARTS, "stored, second part");
                repository.add(context, "stored", stored, stored);

                // the unit reads its own writes; the database has none of them yet
                assertThat(repository.get(context, "new").getMessage().getHeader(PARTS)).isEqualTo("new first part");
                assertThat(repository.get(context, "sent").getMessage().getHeader(JoinRepository.COMPLETED_UNTIL)).isEqualTo(1_000L);
                assertThat(db.rows(table)).isEqualTo(1);
                assertThat(elsewhere(() -> repository.get(context, "stored")).getMessage().getHeader(PARTS))
                        .isEqualTo("stored first part");

                repository.flush(unit);
                assertThat(db.rows(table)).isEqualTo(2);
                assertThat(db.rows(table + "_done")).isEqualTo(1);
                assertThat(elsewhere(() -> repository.get(context, "stored")).getMessage().getHeader(PARTS))
                        .isEqualTo("stored, second part");
            } finally {
                unit.close();
            }

            // when another writer changes a group this unit also changes, the flush fails and writes nothing
            PollUnit next = PollUnit.open();
            try {
                Exchange mine = repository.get(context, "stored");
                repository.add(context, "other", null, group("other first part"));
                mine.getMessage().setHeader(PARTS, "stored, third part");
                repository.add(context, "stored", mine, mine);
                elsewhere(() -> {
                    Exchange theirs = repository.get(context, "stored");
                    theirs.getMessage().setHeader(PARTS, "stored, their part");
                    repository.add(context, "stored", theirs, theirs);
                    return null;
                });
                assertThatThrownBy(() -> repository.flush(next)).isInstanceOf(OptimisticLockingException.class);
            } finally {
                next.close();
            }
            assertThat(repository.get(context, "other")).isNull();
            assertThat(repository.get(context, "stored").getMessage().getHeader(PARTS)).isEqualTo("stored, their part");
        });
    }

    /** Of two deadline checks that judged the same version of a group, one claims it; a part stored meanwhile beats both. */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void one_deadline_check_claims_a_group_and_a_newer_part_beats_any_claim(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
            repository.add(context, "id-1", null, group("first part"));
            repository.add(context, "id-2", null, group("first part"));
            List<JoinRepository.Candidate> judged = repository.deadlinesBefore(2_000);

            Map<String, Long> first = repository.claim(judged);
            Map<String, Long> second = elsewhere(() -> repository.claim(judged));

            assertThat(first).containsOnlyKeys("id-1", "id-2");
            assertThat(second).as("the same versions, claimed already").isEmpty();
            PollUnit unit = PollUnit.open();
            try {
                first.forEach(unit::judge);
                assertThat(repository.get(context, "id-1")).as("the claimed version reads as judged").isNotNull();
            } finally {
                unit.close();
            }

            // a part stored after the judgment: the claim of the older version fails
            List<JoinRepository.Candidate> again = repository.deadlinesBefore(2_000);
            Exchange current = repository.get(context, "id-1");
            current.getMessage().setHeader(PARTS, "first and second part");
            repository.add(context, "id-1", current, current);
            assertThat(repository.claim(again)).containsOnlyKeys("id-2");
        });
    }

    /**
     * A poll reads the stored groups of its record keys in one go: the aggregator's reads of those keys are answered
     * from it (a group, a completed id, nothing), once each; other keys are read as before; the versions read that
     * way are checked at the flush like any other.
     */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void a_poll_reads_its_keys_together_and_their_versions_are_still_checked(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
            repository.add(context, "stored", null, group("stored first part"));
            repository.add(context, "done", null, group("done first part"));
            repository.remove(context, "done", repository.get(context, "done"));
            PollUnit unit = PollUnit.open();
            try {
                repository.prefetch(unit, context, java.util.List.of("stored", "done", "absent"));
                assertThat(unit.hasPrefetched("stored")).isTrue();

                // another writer changes the group after the poll read it
                elsewhere(() -> {
                    Exchange theirs = repository.get(context, "stored");
                    theirs.getMessage().setHeader(PARTS, "stored, their part");
                    repository.add(context, "stored", theirs, theirs);
                    return null;
                });

                // the poll sees what it read at its start, once; later reads see its own writes
                Exchange mine = repository.get(context, "stored");
                assertThat(mine.getMessage().getHeader(PARTS)).isEqualTo("stored first part");
                assertThat(unit.hasPrefetched("stored")).isFalse();
                assertThat(repository.get(context, "done").getMessage().getHeader(JoinRepository.COMPLETED_UNTIL)).isEqualTo(1_000L);
                assertThat(repository.get(context, "absent")).isNull();
                assertThat(repository.get(context, "not-a-key")).isNull();
                mine.getMessage().setHeader(PARTS, "stored, my part");
                repository.add(context, "stored", mine, mine);
                assertThat(repository.get(context, "stored").getMessage().getHeader(PARTS)).isEqualTo("stored, my part");

                // and it cannot overwrite the change made since it read: the flush fails, writing nothing
                assertThatThrownBy(() -> repository.flush(unit)).isInstanceOf(OptimisticLockingException.class);
            } finally {
                unit.close();
            }
            assertThat(repository.get(context, "stored").getMessage().getHeader(PARTS)).isEqualTo("stored, their part");
        });
    }

    /** The deadline check removes a group only in the version it judged: a part stored meanwhile keeps it. */
    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void a_deadline_check_reads_a_group_changed_since_it_was_judged_as_absent(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
            repository.add(context, "id-1", null, group("first part"));
            JoinRepository.Candidate judged = repository.deadlinesBefore(2_000).get(0);

            // a consumer stores a second part after the check judged the group
            Exchange current = repository.get(context, "id-1");
            current.getMessage().setHeader(PARTS, "first and second part");
            repository.add(context, "id-1", current, current);

            PollUnit unit = PollUnit.open();
            try {
                unit.judge(judged.key(), judged.version());
                assertThat(repository.get(context, "id-1")).as("not the version judged").isNull();
            } finally {
                unit.close();
            }
            assertThat(repository.get(context, "id-1").getMessage().getHeader(PARTS)).isEqualTo("first and second part");

            // nor is a group that completed after it was judged
            JoinRepository.Candidate again = repository.deadlinesBefore(2_000).get(0);
            repository.remove(context, "id-1", repository.get(context, "id-1"));
            PollUnit later = PollUnit.open();
            try {
                later.judge(again.key(), again.version());
                assertThat(repository.get(context, "id-1")).as("completed meanwhile").isNull();
            } finally {
                later.close();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void completed_ids_are_forgotten_once_no_repeat_can_come(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
            repository.add(context, "id-1", null, group("every part"));
            repository.remove(context, "id-1", repository.get(context, "id-1"));

            assertThat(repository.forgetCompletedBefore(1_000)).as("noted until 1000").isZero();
            assertThat(repository.get(context, "id-1")).isNotNull();
            assertThat(repository.forgetCompletedBefore(1_001)).isEqualTo(1);
            assertThat(repository.get(context, "id-1")).isNull();
        });
    }

    @ParameterizedTest
    @MethodSource("skeleton.testing.TestDatabase#selected")
    void an_id_completed_again_has_its_note_renewed(TestDatabase db) throws Exception {
        withTables(db, (d, table) -> {
            JoinRepository repository = JoinRepository.jdbc(d.dataSource(), table);
            repository.add(context, "id-1", null, group("every part"));
            repository.remove(context, "id-1", repository.get(context, "id-1"));
            Exchange later = group("every part, later");
            later.getMessage().setHeader(JoinHeaders.DEADLINE, JoinHeaders.padded(5_000));
            repository.add(context, "id-1", null, later);
            repository.remove(context, "id-1", repository.get(context, "id-1"));

            assertThat(repository.forgetCompletedBefore(1_001)).as("the first note, renewed until 5000").isZero();
            assertThat(repository.forgetCompletedBefore(5_001)).isEqualTo(1);
        });
    }
}
