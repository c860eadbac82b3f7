package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk}: one thread, {@value #CONNECTIONS} keep-alive connections, POSTing the demo body for a number
 * of seconds; requests per second, p50 and p99 from its latency distribution, and how many answers were not 2xx.
 */
final class Wrk {

    static final int CONNECTIONS = 32;
    static final String BODY = "{\"id\": \"123\", \"message\": \"hello from wrk\"}";

    /** One measurement. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long errors) {
    }

    private Wrk() {
    }

    static Result run(String url, int seconds, Map<String, String> headers) throws IOException, InterruptedException {
        Path script = Files.createDirectories(Path.of("bench", "target")).resolve("post.lua");
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.body = '" + BODY + "'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        headers.forEach((name, value) -> lua.append("wrk.headers[\"").append(name).append("\"] = \"").append(value).append("\"\n"));
        Files.writeString(script, lua);
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency", "-s",
                script.toString(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed on " + url + ":\n" + out);
        }
        return new Result(number(out, "Requests/sec:\\s+([\\d.]+)"), ms(out, "50%"), ms(out, "99%"),
                (long) number(out, "(\\d+) requests in"), errors(out));
    }

    private static long errors(String out) {
        long errors = 0;
        for (String pattern : List.of("Non-2xx or 3xx responses: (\\d+)", "Socket errors: connect (\\d+)",
                "read (\\d+)", "write (\\d+)", "timeout (\\d+)")) {
            Matcher m = Pattern.compile(pattern).matcher(out);
            errors += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return errors;
    }

    private static double ms(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    private static double number(String out, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
