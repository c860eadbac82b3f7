package bench;

import java.util.List;
import java.util.Optional;

/**
 * The results as Markdown tables (printed and written to latest.md): medians with their spread, each of our rows as
 * a ratio to the Kafka Streams row of the same durability class (lagging rows: the lagging Kafka Streams row) and to
 * the raw ceiling, both of the same k.
 */
final class Table {

    /** Our memory row is compared with Kafka Streams in memory, our durable rows with RocksDB, at-least-once. */
    static final String STREAMS_MEMORY = "streams memory alos";
    static final String STREAMS_DURABLE = "streams rocksdb alos";

    private Table() {
    }

    static String streams(List<StreamRow> rows) {
        StringBuilder t = new StringBuilder("| case | k | class | throughput/s (median) | spread | × Kafka Streams | × raw "
                + "| CPU s/100k (process) | CPU s/100k (broker) | p50 ms | p95 ms | p99 ms | max ms | RSS idle MiB | RSS peak MiB "
                + "| check |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (StreamRow r : rows) {
            if (r.throughput().isEmpty()) {
                t.append("| ").append(r.name()).append(" | ").append(r.k()).append(" | ").append(r.durability())
                        .append(" |".repeat(12)).append(" ").append(r.status()).append(" |\n");
                continue;
            }
            t.append(String.format("| %s | %d | %s | %s | %s–%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.joins() ? r.name() : r.name() + " (records/s)", r.k(), r.durability(), n(r.rate()), n(r.rateMin()),
                    n(r.rateMax()), ratio(r, streamsRow(rows, r)), rawRatio(rows, r), seconds(r.processCpuPer100k()),
                    seconds(r.brokerCpuPer100k()), ms(r.p50()), ms(r.p95()), ms(r.p99()), ms(r.max()), n(r.idleRss()),
                    n(r.peakRss()), r.checks()));
        }
        return t.toString();
    }

    static String rest(List<RestRow> rows) {
        StringBuilder t = new StringBuilder("| case | requests/s (median) | spread | × bare Vert.x | p50 ms | p99 ms "
                + "| RSS peak MiB | check |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (RestRow r : rows) {
            Optional<RestRow> anchor = rows.stream().filter(a -> a.server().equals("vert.x") && a.scheme().equals(r.scheme())).findFirst();
            String x = r.server().equals("vert.x") || anchor.isEmpty() ? "" : String.format("%.2f×", r.rps() / anchor.get().rps());
            t.append(String.format("| %s | %s | %s–%s | %s | %s | %s | %s | %s |%n", r.name(), n(r.rps()), n(r.rpsMin()),
                    n(r.rpsMax()), x, ms(r.p50()), ms(r.p99()), n(r.peakRssMiB()), r.check()));
        }
        return t.toString();
    }

    /** The Kafka Streams row our row is compared with, if any: a lagging row with the lagging Kafka Streams row. */
    static Optional<StreamRow> streamsRow(List<StreamRow> rows, StreamRow r) {
        String prefix = r.lagging() ? Lagging.PREFIX : "";
        if (!r.name().startsWith(prefix + "ours")) {
            return Optional.empty();
        }
        String anchor = prefix + (r.durability().equals("memory") ? STREAMS_MEMORY : STREAMS_DURABLE);
        return rows.stream().filter(a -> a.name().equals(anchor) && a.k() == r.k() && !a.throughput().isEmpty()).findFirst();
    }

    /** Input records per second over the raw pass-through's records per second: a join reads k records per output. */
    static double rawShare(List<StreamRow> rows, StreamRow r) {
        return rows.stream().filter(a -> !a.joins() && a.k() == r.k() && !a.throughput().isEmpty()).findFirst()
                .map(raw -> r.rate() * r.k() / raw.rate()).orElse(Double.NaN);
    }

    private static String ratio(StreamRow r, Optional<StreamRow> anchor) {
        return anchor.map(a -> String.format("%.2f×", r.rate() / a.rate())).orElse("");
    }

    /** Empty for lagging rows: their clock includes writing the input, the pass-through's does not. */
    private static String rawRatio(List<StreamRow> rows, StreamRow r) {
        double share = rawShare(rows, r);
        return !r.joins() || r.lagging() || Double.isNaN(share) ? "" : String.format("%.2f×", share);
    }

    static String summary(StreamRow r) {
        if (r.throughput().isEmpty()) {
            return r.status();
        }
        String latency = r.latency().isEmpty() ? "" : String.format(", p50 %s ms, p99 %s ms", ms(r.p50()), ms(r.p99()));
        return String.format("%s/s (%s–%s), CPU s/100k %s (broker %s)%s, RSS %s MiB, %s", n(r.rate()), n(r.rateMin()),
                n(r.rateMax()), seconds(r.processCpuPer100k()), seconds(r.brokerCpuPer100k()), latency, n(r.peakRss()), r.checks());
    }

    static String summary(RestRow r) {
        return String.format("%s req/s (%s–%s), p50 %s ms, p99 %s ms, %s", n(r.rps()), n(r.rpsMin()), n(r.rpsMax()),
                ms(r.p50()), ms(r.p99()), r.check());
    }

    private static String n(double v) {
        return Double.isNaN(v) ? "" : String.format("%,.0f", v);
    }

    /** CPU seconds, as precise as the milliseconds: a tenth below 10, whole above. */
    private static String seconds(double v) {
        return ms(v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "" : v < 10 ? String.format("%.1f", v) : String.format("%,.0f", v);
    }
}
