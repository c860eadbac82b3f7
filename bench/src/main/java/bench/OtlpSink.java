package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * Where a traced worker of the bench exports its spans: an OTLP/HTTP endpoint in the bench's process that reads each
 * request whole, counts its bytes and answers 200, as a collector would, so the worker pays for building, encoding
 * and sending every span, and nothing for a backend's storage.
 */
final class OtlpSink {

    private static HttpServer server;
    private static final AtomicLong BYTES = new AtomicLong();

    private OtlpSink() {
    }

    /** The endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), the sink started on first use. */
    static synchronized String endpoint() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the OTLP sink", e);
            }
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    BYTES.addAndGet(in.transferTo(java.io.OutputStream.nullOutputStream()));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-sink");
                t.setDaemon(true);
                return t;
            }));
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Span bytes received so far. */
    static long bytes() {
        return BYTES.get();
    }
}
