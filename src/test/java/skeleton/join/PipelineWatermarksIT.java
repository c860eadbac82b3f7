package skeleton.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import skeleton.app.Worker;
import skeleton.testing.HeldPort;
import skeleton.testing.LogCapture;
import skeleton.testing.TestBroker;
import skeleton.testing.TestDatabase;
import skeleton.testing.Topics;
import skeleton.testing.WorkerFixture;
import skeleton.testing.WorkerProcess;

/**
 * A worker's watermark on a topic other workers of the table write follows their progress: the demo's consumer5 joins
 * topic_5 (consumer3's) with topic_6 (consumer4's), and while consumer3 is away or late its groups wait for it instead
 * of being discarded when topic_5 looks quiet. Workers run in this JVM, two {@link Worker}s where one of them is
 * stopped or started on its own.
 */
class PipelineWatermarksIT {

    /** How long consumer3 stays away: longer than consumer5's timeout (30 s), so that waiting is what saves the groups. */
    private static final Duration AWAY = Duration.ofSeconds(60);
    private static final int IDS = 100;

    static List<TestDatabase> h2() {
        return List.of(TestDatabase.of("h2"));
    }

    static List<TestDatabase> server() {
        return TestDatabase.firstServer();
    }

    @ParameterizedTest
    @MethodSource("h2")
    void consumer3_stopped_for_60_s_while_100_ids_go_in_every_id_reaches_topic_7_once_restarted(TestDatabase db) throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            Demo demo = new Demo(f, topics, null);
            Worker others = f.start(demo.settings("consumer1", "consumer2", "consumer4", "consumer5"));
            Worker consumer3 = f.start(demo.settings("consumer3"));
            // every worker has read and committed once
            topics.send(demo.topic(1), "warm", "{\"id\": \"warm\", \"text\": \"first through\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.count(demo.topic(7)) == 1);

            f.stop(consumer3);
            long away = System.currentTimeMillis();
            demo.send(IDS);
            demo.awaitHeldByConsumer3(others);
            // the outage itself: consumer3 stays away this long, past consumer5's deadlines
            Thread.sleep(Math.max(0, away + AWAY.toMillis() - System.currentTimeMillis()));
            assertThat(demo.discarded(others)).as("groups discarded while consumer3 was away").isZero();

            f.start(demo.settings("consumer3"));
            demo.awaitAllJoined(1);
            assertThat(demo.discarded(others)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("server")
    void consumer3_started_60_s_after_the_others_every_id_reaches_topic_7(TestDatabase db) throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            Demo demo = new Demo(f, topics, null);
            long start = System.currentTimeMillis();
            Worker others = f.start(demo.settings("consumer1", "consumer2", "consumer4", "consumer5"));
            demo.send(IDS);
            demo.awaitHeldByConsumer3(others);
            // consumer3 is deployed this late
            Thread.sleep(Math.max(0, start + AWAY.toMillis() - System.currentTimeMillis()));
            assertThat(demo.discarded(others)).as("groups discarded before consumer3 started").isZero();

            f.start(demo.settings("consumer3"));
            demo.awaitAllJoined(0);
            assertThat(demo.discarded(others)).isZero();
        }
    }

    @Test
    void consumer3_gone_past_max_upstream_wait_stops_holding_back_with_a_warn_and_the_groups_are_discarded_after_it() throws Exception {
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"));
             LogCapture upstream = new LogCapture(UpstreamWatermarks.class); LogCapture incomplete = new LogCapture(IncompleteGroups.class)) {
            // the demo with 5 s timeouts: without the bound the groups would go after 5 s, not after the wait of 15 s
            Demo demo = new Demo(f, topics, "5");
            Map<String, String> settings = demo.settings("consumer1", "consumer2", "consumer4", "consumer5");
            settings.put("MAX_UPSTREAM_WAIT", "15s");
            Worker others = f.start(settings);
            int ids = 20;
            demo.send(ids);

            await().atMost(Duration.ofSeconds(90)).until(() -> demo.discarded(others) == ids);
            String consumer5 = demo.name("consumer5");
            assertThat(WorkerFixture.count(others, WorkerMetrics.DISCARDED_MISSING, consumer5)).isEqualTo(ids);
            assertThat(others.meters().find(WorkerMetrics.DISCARDED_MISSING).tag("worker", consumer5).tag("topic", demo.topic(5))
                    .counter().count()).isEqualTo(ids);
            List<ILoggingEvent> warns = upstream.events().stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().startsWith("worker " + consumer5 + ": upstream worker " + demo.name("consumer3"))).toList();
            assertThat(warns).as(upstream.lines().toString()).hasSize(1);
            assertThat(warns.get(0).getFormattedMessage()).contains("MAX_UPSTREAM_WAIT").contains(demo.topic(3)).contains(demo.topic(5));
            long firstDiscard = incomplete.events().stream().filter(e -> e.getFormattedMessage().startsWith("worker " + consumer5 + " discarded"))
                    .mapToLong(ILoggingEvent::getTimeStamp).min().orElseThrow();
            assertThat(firstDiscard).as("the first discard comes after the WARN").isGreaterThanOrEqualTo(warns.get(0).getTimeStamp());
            // the health JSON says so
            Object health = org.apache.camel.health.HealthCheckHelper.invoke(others.context(), "full").stream()
                    .filter(r -> r.getCheck().getId().equals("upstream-" + consumer5)).findFirst().orElseThrow().getMessage().orElse("");
            assertThat(health.toString()).contains("MAX_UPSTREAM_WAIT 15 s").contains(demo.name("consumer3") + " released");
            assertThat(others.meters().find("worker.upstream.released").tag("worker", consumer5).gauge().value()).isEqualTo(1);
            assertThat(others.meters().find("worker.upstream.behind").tag("worker", consumer5).gauge().value()).isZero();
        }
    }

    @Test
    void an_external_input_keeps_its_rule_while_the_writer_of_the_other_input_is_away() throws Exception {
        String in = Topics.unique("in"), mid = Topics.unique("mid"), ext = Topics.unique("ext"), out = Topics.unique("out");
        String writer = Topics.unique("writer"), joiner = Topics.unique("joiner");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"))) {
            topics.create(1, in, mid, ext, out);
            f.addRow(writer, in, mid, null, "3");
            f.addRow(joiner, mid + "," + ext, out, null, "3");
            Map<String, String> settings = f.settings(joiner);
            settings.put("GRACE_MS", "1000");
            Worker j = f.start(settings);
            Map<String, String> writerSettings = f.settings(writer);
            writerSettings.put("GRACE_MS", "1000");
            Worker w = f.start(writerSettings);

            // groups with their part from mid, missing ext (no worker writes it)
            for (int i = 0; i < 10; i++) {
                topics.send(in, "a" + i, "{\"id\": \"a" + i + "\", \"text\": \"a\"}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(j, WorkerMetrics.TOPIC_RECORDS, joiner, mid) == 10);
            // the writer stopped with nothing left to read holds nothing back: a group missing mid goes on time too
            f.stop(w);
            topics.send(ext, "c0", "{\"id\": \"c0\", \"text\": \"c\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> WorkerFixture.count(j, WorkerMetrics.DISCARDED, joiner) == 11);
            assertThat(count(j, WorkerMetrics.DISCARDED_MISSING, joiner, ext)).isEqualTo(10);
            assertThat(count(j, WorkerMetrics.DISCARDED_MISSING, joiner, mid)).isEqualTo(1);
            // now it has work left: groups missing mid wait for it, those missing ext do not
            for (int i = 0; i < 10; i++) {
                topics.send(in, "b" + i, "{\"id\": \"b" + i + "\", \"text\": \"b\"}");
                topics.send(ext, "b" + i, "{\"id\": \"b" + i + "\", \"text\": \"b\"}");
            }
            long sentB = System.currentTimeMillis();
            // until ext's watermark is past the b groups' deadlines: without the writer's bound they would go now
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, Object> wm = Journeys.of(j.context()).watermark(joiner, ext);
                return wm.get("watermark").toString().matches("\\d{4}-.*")
                        && java.time.Instant.parse(wm.get("watermark").toString()).toEpochMilli() > sentB + 3_000 + 1_000;
            });
            Map<String, Object> midMark = Journeys.of(j.context()).watermark(joiner, mid);
            assertThat(midMark).containsEntry("heldBy", writer).containsEntry("heldByBehindOn", in);
            assertThat(WorkerFixture.count(j, WorkerMetrics.DISCARDED, joiner)).as("b groups discarded").isEqualTo(11);

            f.start(writerSettings);
            await().atMost(Duration.ofSeconds(30)).until(() -> WorkerFixture.count(j, WorkerMetrics.JOINED, joiner) == 10);
            assertThat(topics.keys(out)).isEqualTo(IntStream.range(0, 10).mapToObj(i -> "b" + i).collect(Collectors.toSet()));
            assertThat(WorkerFixture.count(j, WorkerMetrics.DISCARDED, joiner)).isEqualTo(11);
        }
    }

    @Test
    void a_pipeline_with_a_cycle_starts_joins_and_expires_groups() throws Exception {
        // a joins ext and back into fwd; b turns fwd into back: a's own results never hold back its inputs
        String ext = Topics.unique("ext"), back = Topics.unique("back"), fwd = Topics.unique("fwd");
        String a = Topics.unique("a"), b = Topics.unique("b");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"))) {
            topics.create(1, ext, back, fwd);
            f.addRow(a, ext + "," + back, fwd, null, "3");
            f.addRow(b, fwd, back, null, "3");
            Map<String, String> settings = f.settings("*");
            settings.put("GRACE_MS", "1000");
            Worker w = f.start(settings);

            topics.send(ext, "k1", "{\"id\": \"k1\", \"text\": \"both\"}");
            topics.send(back, "k1", "{\"id\": \"k1\", \"text\": \"both\"}");
            topics.send(ext, "k2", "{\"id\": \"k2\", \"text\": \"alone\"}");

            await().atMost(Duration.ofSeconds(30)).until(() -> WorkerFixture.count(w, WorkerMetrics.DISCARDED, a) == 1);
            assertThat(count(w, WorkerMetrics.DISCARDED_MISSING, a, back)).isEqualTo(1);
            assertThat(WorkerFixture.count(w, WorkerMetrics.JOINED, a)).isEqualTo(1);
            assertThat(topics.keys(fwd)).containsExactly("k1");
            // b's result for k1 went round to a, which had joined k1 already
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.count(back) == 2);
            assertThat(Journeys.of(w.context()).watermark(a, back)).doesNotContainKey("heldBy");
        }
    }

    @Test
    void a_row_with_an_error_elsewhere_in_the_table_is_named_at_start_and_bounds_nothing() throws Exception {
        String in = Topics.unique("in"), out = Topics.unique("out"), name = Topics.unique("good"), bad = Topics.unique("bad");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(TestDatabase.of("h2"));
             LogCapture log = new LogCapture(Worker.class)) {
            topics.create(1, in, out);
            f.addRow(name, in, out, null, "3");
            f.addRow(bad, "not a topic!", in, null, "3");
            Worker w = f.start(name);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains(f.table() + ": ").contains(bad)
                    .contains("a row with an error writes nothing a worker waits for"));
            String health = org.apache.camel.health.HealthCheckHelper.invoke(w.context(), "full").stream()
                    .filter(r -> r.getCheck().getId().equals("upstream-" + name)).findFirst().orElseThrow().getMessage().orElse("");
            assertThat(health).contains("no worker of the table writes the inputs of " + name);
        }
    }

    @ParameterizedTest
    @MethodSource("server")
    void the_judging_worker_killed_while_it_holds_groups_for_an_away_writer_holds_them_after_its_restart(TestDatabase db) throws Exception {
        String in = Topics.unique("in"), mid = Topics.unique("mid"), ext = Topics.unique("ext"), out = Topics.unique("out");
        String writer = Topics.unique("writer"), joiner = Topics.unique("joiner");
        try (Topics topics = new Topics(TestBroker.bootstrapServers()); WorkerFixture f = new WorkerFixture(db)) {
            topics.create(1, in, mid, ext, out);
            f.addRow(writer, in, mid, null, "3");
            f.addRow(joiner, mid + "," + ext, out, null, "3");
            int port;
            try (HeldPort held = new HeldPort()) {
                port = held.release();
            }
            Map<String, String> env = f.settings(joiner);
            env.keySet().removeIf(k -> k.startsWith("camel."));
            env.put("GRACE_MS", "1000");
            env.put("MANAGEMENT_PORT", String.valueOf(port));
            // the writer is not deployed yet: its input holds the ids, the joiner their other parts
            for (int i = 0; i < 10; i++) {
                topics.send(in, "k" + i, "{\"id\": \"k" + i + "\", \"text\": \"k\"}");
                topics.send(ext, "k" + i, "{\"id\": \"k" + i + "\", \"text\": \"k\"}");
            }
            long deadlinesPassed = System.currentTimeMillis() + 3_000 + 1_000 + 1_000;
            List<String> discards = new java.util.ArrayList<>();
            try (WorkerProcess first = WorkerProcess.start(env)) {
                first.awaitStarted(joiner);
                // the worst moment: every group stored, past its deadline on the clock, judged at every check and held
                await().atMost(Duration.ofSeconds(60)).until(() -> topics.committed(joiner, ext) == 10
                        && System.currentTimeMillis() > deadlinesPassed && health(port).contains(writer + " holding back"));
                first.kill();
                first.lines().stream().filter(l -> l.contains("discarded incomplete group")).forEach(discards::add);
            }
            try (WorkerProcess second = WorkerProcess.start(env)) {
                second.awaitStarted(joiner);
                await().atMost(Duration.ofSeconds(60)).until(() -> health(port).contains(writer + " holding back"));
                f.start(writer);
                await().atMost(Duration.ofSeconds(60)).until(() -> topics.keys(out).size() == 10);
                second.lines().stream().filter(l -> l.contains("discarded incomplete group")).forEach(discards::add);
            }
            assertThat(discards).isEmpty();
            assertThat(topics.keys(out)).isEqualTo(IntStream.range(0, 10).mapToObj(i -> "k" + i).collect(Collectors.toSet()));
        }
    }

    /** The worker's health, with every check's message, from its management port ("" while it does not answer). */
    private static String health(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/observe/health?exposureLevel=full")).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static double count(Worker w, String metric, String worker, String topic) {
        var c = w.meters().find(metric).tag("worker", worker).tag("topic", topic).counter();
        return c == null ? 0 : c.count();
    }

    /** The demo pipeline's rows under a unique prefix, with its topics. */
    private static final class Demo {
        private final WorkerFixture f;
        private final Topics topics;
        private final String run = Topics.unique("wm");
        private final Set<String> sent = new HashSet<>();

        Demo(WorkerFixture f, Topics topics, String timeout) {
            this.f = f;
            this.topics = topics;
            for (skeleton.dev.DemoPipeline.Row r : skeleton.dev.DemoPipeline.ROWS) {
                f.addRow(name(r.name()), prefixed(r.inputs()), prefixed(r.outputs()), null,
                        timeout == null ? String.valueOf(r.timeout()) : timeout);
            }
            for (int i = 1; i <= 7; i++) {
                topics.create(1, topic(i));
            }
        }

        String name(String worker) {
            return run + "_" + worker;
        }

        String topic(int n) {
            return run + "_topic_" + n;
        }

        private String prefixed(String csv) {
            return String.join(",", List.of(csv.split(",")).stream().map(t -> run + "_" + t).toList());
        }

        Map<String, String> settings(String... workers) {
            return f.settings(String.join(",", List.of(workers).stream().map(this::name).toList()));
        }

        void send(int ids) {
            for (int i = 0; i < ids; i++) {
                String id = "id-" + i;
                topics.send(topic(1), id, "{\"id\": \"" + id + "\", \"text\": \"one of many\"}");
                sent.add(id);
            }
        }

        /** consumer5 holds every group's topic_6 part, and knows consumer3 holds topic_5 back. */
        void awaitHeldByConsumer3(Worker others) {
            String consumer5 = name("consumer5");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(others, WorkerMetrics.TOPIC_RECORDS, consumer5, topic(6)) >= sent.size());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    name("consumer3").equals(Journeys.of(others.context()).watermark(consumer5, topic(5)).get("heldBy")));
            // consumer3 alone is behind, once the others have committed what they passed on
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    others.meters().find("worker.upstream.behind").tag("worker", consumer5).gauge().value() == 1);
        }

        double discarded(Worker others) {
            return List.of("consumer1", "consumer2", "consumer4", "consumer5").stream()
                    .mapToDouble(w -> WorkerFixture.count(others, WorkerMetrics.DISCARDED, name(w))).sum();
        }

        /** Every id sent reaches topic_7, once, after {@code before} records already there. */
        void awaitAllJoined(int before) throws Exception {
            await().atMost(Duration.ofSeconds(90)).until(() -> topics.count(topic(7)) >= before + sent.size());
            ObjectMapper json = new ObjectMapper();
            Set<String> ids = new HashSet<>();
            for (String v : topics.values(topic(7))) {
                ids.add(json.readTree(v).get("id").asText());
            }
            assertThat(topics.count(topic(7))).isEqualTo(before + sent.size());
            assertThat(ids).containsAll(sent);
        }
    }
}
