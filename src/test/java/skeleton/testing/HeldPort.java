package skeleton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A loopback port held by a bound socket that does not listen: no other process can bind it and a connection to it
 * is refused (a server that is down), until {@link #release} hands it to the server the test starts right after.
 */
public final class HeldPort implements AutoCloseable {

    public final int port;
    private final SocketChannel socket;

    public HeldPort() {
        try {
            socket = SocketChannel.open();
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
    }

    /** Frees the port for the server about to bind it, and returns it. */
    public int release() {
        close();
        return port;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
