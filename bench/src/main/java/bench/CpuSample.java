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
        return new CpuSample(process - start.process, broker - start.broker);
    }
}
