package io.strongroom.audit;

import io.strongroom.base.InvalidRequestException;
import io.strongroom.hcl.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code socket} audit device (vault-compat: Vault's {@code address}, default {@code 127.0.0.1:9090},
 * {@code socket_type} {@code tcp}, {@code write_timeout} default {@code 2s}): one JSON line per entry over a TCP
 * connection to a collector. A failed write closes the connection, and the entry is tried once more on a new one
 * (as Vault does); if that fails too the write fails, and the fail-closed rule of {@link AuditBroker} applies.
 *
 * <p>Why a non-blocking channel: a blocking socket write has no timeout, so a collector that stops reading would
 * stall every request once the send buffer is full. Here each write waits for the socket to take bytes for at
 * most {@code write_timeout}. Only {@code tcp}: {@code udp} and {@code unix} are refused when enabled.
 */
final class SocketDevice implements Device {

    private final InetSocketAddress address;
    private final String addressText;
    private final long timeoutMillis;
    private SocketChannel channel;
    private Selector selector;

    private SocketDevice(InetSocketAddress address, String addressText, Duration timeout) {
        this.address = address;
        this.addressText = addressText;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /**
     * Checks the options and connects (a collector that cannot be reached is refused at enable time).
     *
     * @throws InvalidRequestException for bad options or an unreachable collector
     */
    static SocketDevice open(Map<String, String> options) {
        String type = options.getOrDefault("socket_type", "tcp").toLowerCase(Locale.ROOT);
        if (!type.equals("tcp")) {
            throw new InvalidRequestException("socket_type \"" + type + "\" is not supported; use tcp");
        }
        String addressText = options.getOrDefault("address", "127.0.0.1:9090");
        int colon = addressText.lastIndexOf(':');
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(addressText.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidRequestException("\"address\" must be host:port, with a port from 1 to 65535");
        }
        String host = addressText.substring(0, colon).replace("[", "").replace("]", "");
        Duration timeout = Durations.parse(options.getOrDefault("write_timeout", "2s"));
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new InvalidRequestException("\"write_timeout\" must be a positive duration such as \"2s\"");
        }
        SocketDevice d = new SocketDevice(new InetSocketAddress(host, port), addressText, timeout);
        try {
            d.connect();
        } catch (IOException e) {
            d.close();
            throw new InvalidRequestException("sanity check failed; unable to connect to \"" + addressText + "\": "
                    + e.getClass().getSimpleName());
        }
        return d;
    }

    private void connect() throws IOException {
        closeQuietly();
        SocketChannel c = SocketChannel.open();
        try {
            c.socket().connect(address, (int) timeoutMillis);
            c.configureBlocking(false);
            selector = Selector.open();
            c.register(selector, SelectionKey.OP_WRITE);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        channel = c;
    }

    @Override
    public synchronized void write(String entry) throws IOException {
        byte[] line = (entry + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (channel == null) {
                connect();
            }
            send(line);
        } catch (IOException first) {
            connect(); // vault-compat: one reconnect and retry
            send(line);
        }
    }

    private void send(byte[] line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(line);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || selector.select(left) == 0 && System.nanoTime() >= deadline) {
                    closeQuietly();
                    throw new IOException("write to " + addressText + " timed out after " + timeoutMillis + " ms");
                }
                selector.selectedKeys().clear();
            }
        }
    }

    @Override
    public synchronized void reopen() throws IOException {
        connect();
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (selector != null) {
                selector.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
        selector = null;
        channel = null;
    }
}
