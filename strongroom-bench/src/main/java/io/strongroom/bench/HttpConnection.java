package io.strongroom.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection over a plain socket, for load generation: a request is a pre-built byte array
 * (so building it costs nothing per operation) and an answer is read as status line, headers and a body framed by
 * {@code Content-Length} or chunked encoding. Reconnects once when the server has closed an idle connection.
 * Not thread-safe: one per client thread.
 *
 * <p>Why not {@code java.net.http.HttpClient}: on 2 shared cores every microsecond the load generator spends is
 * taken from the server. The JDK client hands each exchange through its selector thread and executor, parses
 * headers into maps and allocates futures; a blocking socket per client is the cheapest client there is, and it
 * makes "N concurrent clients" mean exactly N connections with one request in flight each, which a pooled async
 * client does not promise.
 */
final class HttpConnection implements AutoCloseable {

    private final InetSocketAddress address;
    private final javax.net.SocketFactory sockets;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] lastBody = new byte[0];
    private int reconnects;

    HttpConnection(InetSocketAddress address) throws IOException {
        this(address, javax.net.SocketFactory.getDefault());
    }

    /** @param sockets makes the connection's sockets: an {@code SSLSocketFactory} for HTTPS */
    HttpConnection(InetSocketAddress address, javax.net.SocketFactory sockets) throws IOException {
        this.address = address;
        this.sockets = sockets;
        connect();
    }

    private void connect() throws IOException {
        socket = sockets.createSocket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(address, 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    /** A complete request: {@code method path}, the token header, and the body if any. */
    static byte[] request(String method, String path, String host, String token, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        if (token != null) {
            sb.append("X-Vault-Token: ").append(token).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sends {@code request} and reads the whole answer; returns the status. The body is {@link #lastBody()}. */
    int exchange(byte[] request) throws IOException {
        try {
            return send(request);
        } catch (EOFException | java.net.SocketException e) {
            // the server closed an idle keep-alive connection: once more on a fresh one
            closeQuietly();
            reconnects++;
            connect();
            return send(request);
        }
    }

    private int send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        if (status.length() < 12 || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            for (String t = line(); !t.isEmpty(); t = line()) {
                // trailers: none expected
            }
            lastBody = body.toByteArray();
        } else if (length >= 0) {
            lastBody = in.readNBytes(length);
            if (lastBody.length != length) {
                throw new EOFException("body cut short");
            }
        } else if (code == 204 || code == 304) {
            lastBody = new byte[0];
        } else {
            throw new IOException("answer " + code + " without a length");
        }
        if (close) {
            closeQuietly();
            connect();
            reconnects++;
        }
        return code;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
    }

    byte[] lastBody() {
        return lastBody;
    }

    int reconnects() {
        return reconnects;
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
