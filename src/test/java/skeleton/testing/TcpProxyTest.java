package skeleton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy against a local echo server: bytes flow, a cut resets and refuses, a restore lets connections in again. */
class TcpProxyTest {

    private final EchoServer echo = new EchoServer();
    private final TcpProxy proxy = new TcpProxy("127.0.0.1", echo.port());

    @AfterEach
    void close() {
        proxy.close();
        echo.close();
    }

    @Test
    void bytes_flow_both_ways() throws Exception {
        byte[] sent = new byte[1024 * 1024];
        new Random(7).nextBytes(sent);
        try (Socket s = connect()) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(sent);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] received = s.getInputStream().readAllBytes();
            writing.get(10, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void cut_resets_open_connections_and_refuses_new_ones() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");

            proxy.cut();

            assertThat(readAfterCut(s.getInputStream())).as("an open connection sees its end at once").isEqualTo(-1);
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void restore_lets_new_connections_through_on_the_same_port() throws Exception {
        int port = proxy.port();
        proxy.cut();
        proxy.restore();
        assertThat(proxy.port()).isEqualTo(port);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "after")).isEqualTo("after");
        }
    }

    @Test
    void close_stops_listening() {
        proxy.close();
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        assertThatThrownBy(proxy::restore).isInstanceOf(IllegalStateException.class);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        byte[] back = s.getInputStream().readNBytes(text.length());
        return new String(back);
    }

    /** -1 for a connection that was closed or reset (a timeout is neither: it fails the test). */
    private static int readAfterCut(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException e) { // "Connection reset"
            return -1;
        }
    }

    /** Echoes every byte back, one thread per connection. */
    private static final class EchoServer implements AutoCloseable {

        private final ServerSocket server;

        EchoServer() {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            daemon(() -> {
                while (true) {
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    daemon(() -> echo(s));
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void echo(Socket s) {
            try (s) {
                s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException e) {
                // the peer went away
            }
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "echo-server");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
