package io.strongroom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks free TCP ports on 127.0.0.1 for harnesses that must be told a port up front (moto_server, PostgreSQL).
 *
 * <p>The port is found by binding port 0 and closing the socket again, so another process could in theory take
 * it before the caller binds it; harnesses that start a child process detect that by the child failing to
 * become ready and report the log. Thread-safe (stateless).
 */
public final class FreePorts {

    private FreePorts() {}

    /** The loopback address every harness binds to: tests never listen on outside interfaces. */
    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago.
     *
     * @throws UncheckedIOException if no port could be bound at all
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            // SO_REUSEADDR so the child can bind the port at once even if our socket lingers in TIME_WAIT
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
        }
    }
}
