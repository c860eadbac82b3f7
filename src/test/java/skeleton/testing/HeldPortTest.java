package skeleton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

class HeldPortTest {

    @Test
    void a_held_port_refuses_connections_and_binds_until_released() throws Exception {
        HeldPort held = new HeldPort();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThatThrownBy(() -> new Socket(loopback, held.port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new ServerSocket(held.port, 50, loopback).close()).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> new ServerSocket(held.port).close()).isInstanceOf(BindException.class);

        try (ServerSocket server = new ServerSocket(held.release(), 50, loopback)) {
            assertThat(server.getLocalPort()).isEqualTo(held.port);
        }
    }
}
