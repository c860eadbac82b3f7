package skeleton.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An OS process a test started, for the tests that need a real process boundary (SIGKILL, SIGSTOP): its stdout and
 * stderr are kept line by line and copied to a log file for post-mortem, and it is killed on {@link #close()}.
 * {@link WorkerProcess} and {@link BrokerProcess} are the two kinds the tests start.
 */
public class ChildProcess implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final String description;
    private final Path logFile;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    protected ChildProcess(ProcessBuilder builder, String description, Path logFile) throws IOException {
        this.description = description;
        this.logFile = logFile.toAbsolutePath();
        Files.createDirectories(this.logFile.getParent());
        BufferedWriter log = Files.newBufferedWriter(this.logFile, StandardCharsets.UTF_8);
        try {
            this.process = builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            log.close();
            throw e;
        }
        this.reader = new Thread(() -> copyOutput(log), description + " output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The path of the {@code java} that runs this JVM, for starting another one. */
    protected static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Deletes a directory the process worked in, with everything under it. */
    protected static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Every line the process printed so far (stdout and stderr merged). */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits for the first line containing {@code contains} (printed at any time so far) and returns it; fails at once
     * when the process ends without printing it, and after {@code timeout} otherwise, with its last lines.
     */
    public String awaitLine(String contains, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (lines.get(seen).contains(contains)) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError(description + (ended ? " ended (exit code " + exitCodeText() + ")" : " ran " + timeout.toSeconds()
                            + " s") + " without printing \"" + contains + "\"; its last lines (all in " + logFile + "):\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + description, e);
                }
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended, empty while it runs. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** SIGTERM (a graceful stop), then waits for the exit; kills it and fails if it takes longer than {@code timeout}. */
    public int terminate(Duration timeout) {
        // not Process.destroy(): it closes this side of the process's output, and its last lines (the shutdown) are lost
        signal("TERM");
        if (!waitFor(timeout)) {
            kill();
            throw new AssertionError(description + " did not exit within " + timeout.toSeconds() + " s of SIGTERM; killed it (log: "
                    + logFile + ")");
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    /** SIGTERM with a 30 s grace. */
    public int terminate() {
        return terminate(EXIT_TIMEOUT);
    }

    /** SIGKILL, then waits for the exit: the process gets no chance to clean up. Returns the exit code (137). */
    public int kill() {
        process.destroyForcibly();
        if (!waitFor(EXIT_TIMEOUT)) {
            throw new AssertionError(description + " still runs " + EXIT_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    /**
     * SIGSTOP: the process freezes where it is, its sockets stay open and unanswered, until {@link #resume()}. Returns
     * once every thread of it is stopped: kill returns when the signal is sent, and a thread not on a CPU then stops
     * only when next scheduled, long enough on a busy machine to answer one more request.
     */
    public void stop() {
        signal("STOP");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(this::allThreadsStopped);
    }

    /** Every thread of the process in state T (stopped), from /proc/<pid>/task/<tid>/stat. */
    private boolean allThreadsStopped() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // a thread that ended meanwhile
                }
                // the state follows the command name in parentheses, which may itself hold spaces and parentheses
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
        }
        return true;
    }

    /** SIGCONT: a stopped process runs on. */
    public void resume() {
        signal("CONT");
    }

    /** Kills the process if it still runs (a stopped one too) and waits until its output is in the log file. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        awaitOutputEnd();
    }

    @Override
    public String toString() {
        return description + " (pid " + pid() + ", log " + logFile + ")";
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " (" + description + ") failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + description + " to exit", e);
        }
    }

    private void awaitOutputEnd() {
        try {
            reader.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String exitCodeText() {
        OptionalInt code = exitCode();
        return code.isPresent() ? Integer.toString(code.getAsInt()) : "unknown yet";
    }

    private void copyOutput(BufferedWriter log) {
        try (log; BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
                log.write(line);
                log.newLine();
                log.flush();
            }
        } catch (IOException e) {
            // the process is gone, or the log file could not be written: what was read is kept
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }
}
