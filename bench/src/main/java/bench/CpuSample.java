package bench;

/**
 * CPU seconds (user + system) of the process under test and of the broker: taken when a run's clock starts and when
 * it stops, their difference is what each spent on the measured interval.
 */
record CpuSample(double process, double broker) {

    static CpuSample now(ChildProcess child, BrokerAdmin admin) {
        return new CpuSample(child.cpuSeconds(), admin.brokerCpuSeconds());
    }

    /** What was spent since {@code start}. */
    CpuSample since(CpuSample start) {
        return new CpuSample(ticks(process - start.process), ticks(broker - start.broker));
    }

    /** Back to whole clock ticks: both samples are, and subtracting them as doubles leaves 1.1099999999999994. */
    private static double ticks(double seconds) {
        return Math.rint(seconds * ChildProcess.TICKS_PER_SECOND) / ChildProcess.TICKS_PER_SECOND;
    }
}
