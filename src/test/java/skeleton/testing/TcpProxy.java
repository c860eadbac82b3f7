package skeleton.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy the test controls, to cut a client off a server (a database, a broker) and let it back: clients connect
 * to {@code 127.0.0.1:}{@link #port()} and every byte is forwarded to the target, both ways. {@link #cut()} resets
 * every open connection and refuses new ones (nothing listens on the port) until {@link #restore()}. Plain blocking
 * sockets on daemon threads.
 */
public final class TcpProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** How many times {@link #cut()} ran: a connection accepted by a listener of an earlier round is reset. */
    private volatile int cuts;
    private ServerSocket listener;
    private Thread acceptor;
    private boolean closed;

    /** Starts listening on a free port of 127.0.0.1, forwarding to {@code host:port}. */
    public TcpProxy(String host, int port) {
        this.target = new InetSocketAddress(host, port);
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        this.acceptor = accept(listener, 0);
    }

    /** The port clients connect to, the same after {@link #restore()}. */
    public int port() {
        return port;
    }

    /** Resets every open connection (both sides see it closed at once) and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        cuts++;
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
            awaitEnd(acceptor); // the port is free only once the thread blocked in accept() has left it
        }
        open.forEach(TcpProxy::reset);
    }

    /** Accepts and forwards connections again, on the same port. */
    public synchronized void restore() {
        if (closed) {
            throw new IllegalStateException("the proxy on port " + port + " is closed");
        }
        if (listener == null) {
            listener = listen(port);
            acceptor = accept(listener, cuts);
        }
    }

    /** Cuts everything for good. */
    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LOOPBACK, port));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private Thread accept(ServerSocket server, int round) {
        return daemon("tcp-proxy-" + port + "-accept", () -> {
            while (true) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // closed by cut() or close()
                }
                forward(client, round);
            }
        });
    }

    private void forward(Socket client, int round) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            reset(client);
            closeQuietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (cuts != round) { // cut() ran while this connection was being set up: it may not have seen it
            reset(client);
            reset(upstream);
        }
        AtomicInteger directions = new AtomicInteger(2);
        daemon("tcp-proxy-" + port + "-up", () -> pump(client, upstream, directions));
        daemon("tcp-proxy-" + port + "-down", () -> pump(upstream, client, directions));
    }

    /** Copies from one socket to the other until end of stream, then passes the half-close on. */
    private void pump(Socket from, Socket to, AtomicInteger directions) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            reset(from);
            reset(to);
        } finally {
            if (directions.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }
    }

    /** Closes with SO_LINGER 0: the peer gets a reset at once, as from a server that went away. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitEnd(Thread t) {
        try {
            t.join(CONNECT_TIMEOUT_MS * 2L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
