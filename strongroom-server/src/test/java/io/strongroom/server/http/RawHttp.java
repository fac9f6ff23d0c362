package io.strongroom.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests a Java HTTP client would refuse or normalise: path parameters,
 * bodies shorter than their {@code Content-Length}, bodies sent slowly.
 */
final class RawHttp {

    private RawHttp() {}

    /** Opens a connection to 127.0.0.1:{@code port} with a read timeout. */
    static Socket connect(int port, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        return socket;
    }

    /** The request head: request line, Host, {@code Connection: close}, the extra header lines, blank line. */
    static byte[] head(String method, String target, String... headerLines) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String line : headerLines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends a whole request and reads the whole answer (the server closes: {@code Connection: close}). */
    static String exchange(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port, 10_000)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    /** Reads until the peer closes or the read timeout passes; what arrived so far. */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException timeout) {
            // what arrived so far
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The status code of a raw response, or -1 when there is none. */
    static int status(String response) {
        if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
            return -1;
        }
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The body of a raw response (after the blank line); chunked bodies are not decoded. */
    static String body(String response) {
        int i = response.indexOf("\r\n\r\n");
        return i < 0 ? "" : response.substring(i + 4);
    }
}
