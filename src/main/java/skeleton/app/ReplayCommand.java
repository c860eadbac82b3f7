package skeleton.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import skeleton.config.ConfigException;
import skeleton.config.ConsumerConfigs;
import skeleton.config.Database;
import skeleton.config.Settings;
import skeleton.config.WorkerConfig;
import skeleton.config.WorkerSettings;
import skeleton.join.DeadLetterReplay;
import skeleton.join.DeadLetterReplay.DeadLetter;
import skeleton.join.DeadLetterReplay.Plan;
import skeleton.join.DeadLetterReplay.Replayed;
import skeleton.join.ReplayTopic;

/**
 * {@code replay WORKER [filters] [--dry-run | --export FILE | --import FILE]}: puts a worker's dead letters back into
 * that worker only, through its replay topic. Exits 0 when everything selected was put back (or shown, or exported),
 * 1 when some dead letter could not be, 2 on wrong arguments or settings.
 */
final class ReplayCommand {

    static final String USAGE = """
            usage: replay WORKER [--error TEXT] [--id ID] [--since TIME] [--until TIME] [--dry-run | --export FILE]
                   replay WORKER --import FILE
              Puts the worker's dead letters back into that worker only (through its topic WORKER.replay): a record
              as it was, a joined message as its parts, read again where they were. They keep their key, headers and
              data time; the worker counts them (worker.records.replayed) and joins them again.
              --error TEXT    only dead letters whose error (header dlq.error) contains TEXT
              --id ID         only those of this id (the dead letter's key)
              --since TIME    only those dead-lettered at or after TIME (ISO-8601, e.g. 2026-12-01T10:00:00Z)
              --until TIME    only those dead-lettered before TIME
              --dry-run       shows what would be put back, puts back nothing
              --export FILE   writes the records it would put back to FILE, one JSON object per line, to be fixed
              --import FILE   puts back the records of FILE, as fixed
              Reads the worker's settings: DEAD_LETTER_TOPIC, and the row of consumer_configs for its brokers
              (KAFKA_BOOTSTRAP_SERVERS, or dev mode's embedded broker, instead when set).""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayCommand() {
    }

    private record Options(String worker, String error, String id, Instant since, Instant until, boolean dryRun,
                           Path export, Path importFrom) {
    }

    static int run(List<String> args, Settings raw, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            WorkerSettings settings = WorkerSettings.from(raw);
            String brokers = brokers(settings, options.worker());
            String topic = settings.deadLetterTopicOf(options.worker());
            try (DeadLetterReplay replay = new DeadLetterReplay(options.worker(), brokers)) {
                List<Replayed> records = new ArrayList<>();
                int unreplayable = 0;
                if (options.importFrom() != null) {
                    records.addAll(importFrom(options.importFrom()));
                    out.println(records.size() + " records read from " + options.importFrom());
                } else {
                    List<DeadLetter> selected = replay.read(topic, filter(options));
                    out.println(selected.size() + " dead letters of worker " + options.worker() + " in " + topic + " selected");
                    for (DeadLetter d : selected) {
                        Plan plan = replay.plan(d);
                        out.println("  " + d.position() + "  id " + d.key() + "  dead-lettered " + Instant.ofEpochMilli(d.timestamp())
                                + "  " + d.error());
                        if (plan.problem() != null) {
                            out.println("    cannot be put back: " + plan.problem());
                            unreplayable++;
                        }
                        for (Replayed r : plan.records()) {
                            out.println("    -> " + r.topic() + " record, " + (r.value() == null ? 0 : r.value().length)
                                    + " bytes, data time " + Instant.ofEpochMilli(r.timestamp()));
                        }
                        records.addAll(plan.records());
                    }
                }
                String into = ReplayTopic.of(options.worker());
                if (options.dryRun()) {
                    out.println("dry run: " + records.size() + " records would be put back into " + into);
                } else if (options.export() != null) {
                    export(records, options.export());
                    out.println(records.size() + " records written to " + options.export() + "; fix them, then: replay "
                            + options.worker() + " --import " + options.export());
                } else {
                    replay.send(records, System.currentTimeMillis());
                    out.println(records.size() + " records put back into " + into + " (worker " + options.worker() + " only)");
                }
                if (unreplayable > 0) {
                    err.println(unreplayable + " dead letters could not be put back (see above)");
                    return 1;
                }
                return 0;
            }
        } catch (ConfigException | IllegalStateException | IllegalArgumentException | IOException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("replay: " + e);
            return 1;
        }
    }

    private static Options parse(List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new IllegalArgumentException("name the worker (its consumer_name) first");
        }
        String worker = args.get(0);
        Map<String, String> values = new LinkedHashMap<>();
        boolean dryRun = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--dry-run" -> dryRun = true;
                case "--error", "--id", "--since", "--until", "--export", "--import" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    values.put(a, args.get(++i));
                }
                default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
            }
        }
        int modes = (dryRun ? 1 : 0) + (values.containsKey("--export") ? 1 : 0) + (values.containsKey("--import") ? 1 : 0);
        if (modes > 1) {
            throw new IllegalArgumentException("--dry-run, --export and --import go one at a time");
        }
        if (values.containsKey("--import") && values.keySet().stream().anyMatch(k -> !k.equals("--import"))) {
            throw new IllegalArgumentException("--import puts back the file's records as they are: no filter goes with it");
        }
        return new Options(worker, values.get("--error"), values.get("--id"), instant(values, "--since"),
                instant(values, "--until"), dryRun, path(values.get("--export")), path(values.get("--import")));
    }

    private static Instant instant(Map<String, String> values, String option) {
        String text = values.get(option);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " \"" + text + "\" is not an ISO-8601 time such as 2026-12-01T10:00:00Z");
        }
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    private static Predicate<DeadLetter> filter(Options o) {
        return d -> (o.error() == null || d.error() != null && d.error().contains(o.error()))
                && (o.id() == null || o.id().equals(d.key()))
                && (o.since() == null || d.timestamp() >= o.since().toEpochMilli())
                && (o.until() == null || d.timestamp() < o.until().toEpochMilli());
    }

    /** The worker's brokers: KAFKA_BOOTSTRAP_SERVERS, dev mode's embedded broker, or its row's. */
    private static String brokers(WorkerSettings settings, String worker) {
        if (settings.kafkaBootstrapServers().isPresent()) {
            return settings.kafkaBootstrapServers().get();
        }
        if (settings.devMode()) {
            return "localhost:" + settings.kafkaPort();
        }
        try (Database database = Database.open(Database.urlOf(settings), settings.dbUser(), settings.dbPassword(), 1)) {
            List<WorkerConfig> rows = ConsumerConfigs.load(database.dataSource(), settings.tableName(), worker,
                    DependencyHealthChecks.withoutSecrets(database.url()));
            return rows.get(0).brokers();
        }
    }

    /** One line per record: where it goes back, its dead letter, key, data time, headers and value (JSON, or text). */
    private static void export(List<Replayed> records, Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Replayed r : records) {
            ObjectNode line = JSON.createObjectNode();
            line.put("dead_letter", r.deadLetter());
            line.put("topic", r.topic());
            line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
            line.put("timestamp", r.timestamp());
            ObjectNode headers = line.putObject("headers");
            r.headers().forEach((k, v) -> headers.put(k, new String(v, StandardCharsets.UTF_8)));
            line.set("value", valueNode(r.value()));
            lines.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, lines.toString());
    }

    private static JsonNode valueNode(byte[] value) {
        if (value == null) {
            return JSON.nullNode();
        }
        String text = new String(value, StandardCharsets.UTF_8);
        try {
            JsonNode json = JSON.readTree(text);
            // a JSON string stays text, so that it reads back as the same bytes
            return json != null && !json.isTextual() && !json.isMissingNode() ? json : JSON.getNodeFactory().textNode(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    private static List<Replayed> importFrom(Path file) throws IOException {
        List<Replayed> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String at = file + ", line " + (i + 1);
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(at + " is not JSON: " + e.getOriginalMessage());
            }
            for (String field : List.of("dead_letter", "topic", "timestamp")) {
                if (line == null || !line.hasNonNull(field)) {
                    throw new IllegalArgumentException(at + " has no \"" + field + "\"");
                }
            }
            Map<String, byte[]> headers = new LinkedHashMap<>();
            line.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            JsonNode value = line.path("value");
            byte[] bytes = value.isNull() || value.isMissingNode() ? null
                    : (value.isTextual() ? value.asText() : value.toString()).getBytes(StandardCharsets.UTF_8);
            records.add(new Replayed(line.get("dead_letter").asText(), line.get("topic").asText(),
                    line.hasNonNull("key") ? line.get("key").asText().getBytes(StandardCharsets.UTF_8) : null, bytes,
                    line.get("timestamp").asLong(), headers));
        }
        return records;
    }
}
