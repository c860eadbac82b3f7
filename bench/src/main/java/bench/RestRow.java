package bench;

import java.util.List;

/** One REST case: every wrk run, the server's peak memory and the check of its answer. */
record RestRow(String name, String scheme, String server, List<Wrk.Result> runs, double peakRssMiB, String answerCheck) {

    double rps() {
        return Percentiles.median(runs.stream().map(Wrk.Result::requestsPerSecond).toList());
    }

    double rpsMin() {
        return Percentiles.min(runs.stream().map(Wrk.Result::requestsPerSecond).toList());
    }

    double rpsMax() {
        return Percentiles.max(runs.stream().map(Wrk.Result::requestsPerSecond).toList());
    }

    double p50() {
        return Percentiles.median(runs.stream().map(Wrk.Result::p50Ms).toList());
    }

    double p99() {
        return Percentiles.median(runs.stream().map(Wrk.Result::p99Ms).toList());
    }

    String check() {
        long errors = runs.stream().mapToLong(Wrk.Result::errors).sum();
        return !answerCheck.equals("ok") ? answerCheck : errors > 0 ? errors + " non-2xx or socket errors" : "ok";
    }
}
