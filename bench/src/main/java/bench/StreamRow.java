package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The results of one subject at one k: every throughput and latency run, or why it was skipped or failed, and the
 * medians and spreads the table shows.
 */
record StreamRow(String name, String durability, boolean joins, int k, String status, List<ThroughputRun.Result> throughput,
                 List<LatencyRun.Result> latency) {

    static StreamRow skipped(Subject s, int k, String reason) {
        return new StreamRow(s.name(), s.durability(), s.joins(), k, "skipped: " + reason, List.of(), List.of());
    }

    /** Whether this is a lagging-input row ({@link LaggingRun}): throughput only, compared with lagging rows. */
    boolean lagging() {
        return name.startsWith(Lagging.PREFIX);
    }

    double rate() {
        return Percentiles.median(throughput.stream().map(ThroughputRun.Result::rate).toList());
    }

    double rateMin() {
        return Percentiles.min(throughput.stream().map(ThroughputRun.Result::rate).toList());
    }

    double rateMax() {
        return Percentiles.max(throughput.stream().map(ThroughputRun.Result::rate).toList());
    }

    /** The process's CPU seconds per 100,000 ids (records for the pass-through), median over the throughput runs. */
    double processCpuPer100k() {
        return Percentiles.median(throughput.stream().map(ThroughputRun.Result::processCpuPer100k).toList());
    }

    /** The broker's CPU seconds per 100,000 ids (records for the pass-through), median over the throughput runs. */
    double brokerCpuPer100k() {
        return Percentiles.median(throughput.stream().map(ThroughputRun.Result::brokerCpuPer100k).toList());
    }

    double p50() {
        return Percentiles.median(latency.stream().map(LatencyRun.Result::p50).toList());
    }

    double p95() {
        return Percentiles.median(latency.stream().map(LatencyRun.Result::p95).toList());
    }

    double p99() {
        return Percentiles.median(latency.stream().map(LatencyRun.Result::p99).toList());
    }

    double p99Min() {
        return Percentiles.min(latency.stream().map(LatencyRun.Result::p99).toList());
    }

    double p99Max() {
        return Percentiles.max(latency.stream().map(LatencyRun.Result::p99).toList());
    }

    double max() {
        return Percentiles.median(latency.stream().map(LatencyRun.Result::max).toList());
    }

    double idleRss() {
        return Percentiles.median(latency.stream().map(LatencyRun.Result::idleRssMiB).toList());
    }

    double peakRss() {
        List<Double> peaks = new ArrayList<>(throughput.stream().map(ThroughputRun.Result::peakRssMiB).toList());
        latency.forEach(l -> peaks.add(l.peakRssMiB()));
        return Percentiles.max(peaks);
    }

    /** Every run's check, "ok" once when all are ok. */
    String checks() {
        List<String> all = new ArrayList<>();
        throughput.forEach(t -> all.add("throughput " + t.check()));
        latency.forEach(l -> all.add("latency " + l.check()));
        if (!status.equals("ok")) {
            return status;
        }
        return all.stream().allMatch(c -> c.endsWith(" ok")) ? "ok" : String.join("; ", all.stream().filter(c -> !c.endsWith(" ok")).toList());
    }
}
