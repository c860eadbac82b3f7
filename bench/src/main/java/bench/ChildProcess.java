package bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A process under test (or the broker): a JVM on the harness's class path with the given JVM settings, running
 * {@link ChildMain} of one kind with its properties. Its output goes to a log file under target/bench-logs; its
 * memory is read from {@code /proc/<pid>/status}, its CPU time from {@code /proc/<pid>/stat}. Closing it closes its
 * standard input, which stops it cleanly.
 */
final class ChildProcess implements AutoCloseable {

    /** The unit of the CPU times in /proc/<pid>/stat. */
    static final double TICKS_PER_SECOND = ticksPerSecond();

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String kind, String name, Map<String, String> props, List<String> jvm) throws IOException {
        Path dir = Files.createDirectories(Path.of("bench", "target", "bench-logs"));
        Path propsFile = dir.resolve(name + ".properties");
        Properties p = new Properties();
        p.putAll(props);
        try (Writer w = Files.newBufferedWriter(propsFile)) {
            p.store(w, "settings of " + name);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildMain.class.getName(), kind,
                propsFile.toString()));
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildProcess(process, log);
    }

    long pid() {
        return process.pid();
    }

    /** Fails with the log's path when the process has ended on its own (a worker that refused to start). */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the child process exited with " + process.exitValue() + ", see " + log);
        }
    }

    /** Resident memory now (VmRSS), in MiB. */
    double rssMiB() {
        return status("VmRSS:");
    }

    /** Peak resident memory so far (VmHWM), in MiB. */
    double peakRssMiB() {
        return status("VmHWM:");
    }

    /**
     * CPU seconds used so far, user + system, summed over all its threads: utime + stime of {@code /proc/<pid>/stat}
     * (fields 14 and 15, counted after the command name, which may hold spaces). NaN once the process is gone.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {@code getconf CLK_TCK}; 100, the value of every common Linux kernel build, if getconf cannot answer. */
    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private double status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim()) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
