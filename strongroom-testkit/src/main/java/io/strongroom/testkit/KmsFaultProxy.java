package io.strongroom.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 reverse proxy on 127.0.0.1 and a free port that forwards KMS requests to a target (moto) and
 * injects programmable faults: KMS error replies, HTTP 5xx, slow answers, dropped connections, hung requests (one
 * operation never answered), refused connections (not listening) and a black hole (accepts, never answers). It also counts requests per KMS
 * operation so tests can assert how many calls a retry loop made.
 *
 * <p>Why plain sockets and not {@code com.sun.net.httpserver} + {@code java.net.http.HttpClient}: the faults
 * are about the connection itself (close without an answer, never answer, stop listening), which the JDK
 * server cannot express, and {@code HttpClient} refuses to send a caller-chosen {@code Host} header. With
 * sockets the request head is passed on byte for byte (method, path, headers, {@code Host} as the client signed
 * it; moto does not check SigV4 signatures, but a faithful proxy must not change signed headers), only
 * {@code Connection} is forced to {@code close}: one request per connection keeps the relay trivially correct,
 * and moto closes every connection anyway.
 *
 * <p>Limits: request bodies must carry {@code Content-Length} (the AWS SDK always sends it for KMS), and no
 * {@code Expect: 100-continue}. Thread-safe: faults, modes and counters may be changed from any thread while
 * requests are in flight.
 */
public final class KmsFaultProxy implements AutoCloseable {

    private static final String TARGET_PREFIX = "TrentService.";
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final ExecutorService workers;
    private final List<ActiveFault> faults = new ArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Set<Socket> parked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadIds = new AtomicInteger();

    private final Set<String> deniedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger denied = new AtomicInteger();
    private volatile boolean blackHole;
    private volatile boolean closed;
    private ServerSocket listener; // guarded by this; null while refusing

    /** Starts a proxy in front of {@code target} (an {@code http://host:port} URI). */
    public KmsFaultProxy(URI target) {
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kms-fault-proxy-" + threadIds.incrementAndGet());
            t.setDaemon(true); // a test that forgets close() must not keep the JVM alive
            return t;
        });
        this.port = FreePorts.pick();
        listen();
    }

    /** The proxy's base URI; point a KMS client's endpointOverride here. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Adds a fault; faults are tried in the order added, and the first that matches and has uses left wins. */
    public KmsFaultProxy inject(Fault fault) {
        synchronized (faults) {
            faults.add(new ActiveFault(fault));
        }
        return this;
    }

    /** Removes every fault and switches refuse and black-hole modes off: the proxy forwards faithfully again. */
    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
        deniedKeys.clear();
        blackHole(false);
        refuse(false);
    }

    /**
     * Refuse mode: stop listening, so connections are refused (ECONNREFUSED) as with a KMS endpoint that is down;
     * switching it off listens again on the same port.
     */
    public synchronized void refuse(boolean on) {
        if (on && listener != null) {
            closeQuietly(listener);
            listener = null;
            // ServerSocket.close() returns while the acceptor thread is still inside accept(2), and until that
            // call returns the kernel socket keeps listening: a connect in that window is still accepted (seen
            // here about one run in three). Wait for the acceptor to leave accept so "refuse" really refuses.
            awaitAcceptorExit();
        } else if (!on && listener == null && !closed) {
            listen();
        }
    }

    /**
     * Black-hole mode: accept connections and read requests (they are counted) but never answer, as with a
     * firewall that drops packets or a hung endpoint. Switching it off closes the parked connections.
     */
    public void blackHole(boolean on) {
        blackHole = on;
        if (!on) {
            parked.forEach(KmsFaultProxy::closeQuietly);
            parked.clear();
        }
    }

    /**
     * Refuses (AccessDeniedException, as for a disabled key or a revoked grant) every request that needs the key
     * {@code keyArnOrId}: an Encrypt or DescribeKey naming it, and a Decrypt whose ciphertext belongs to it. moto's
     * ciphertext blob starts with the 36-character key id, the way real KMS embeds the key in its blobs. Each refusal
     * is counted in {@link #deniedCount()}.
     */
    public void denyKey(String keyArnOrId) {
        String id = keyArnOrId.substring(keyArnOrId.lastIndexOf('/') + 1);
        deniedKeys.add(id);
    }

    /** Requests refused by {@link #denyKey} since the proxy started. */
    public int deniedCount() {
        return denied.get();
    }

    private static final java.util.regex.Pattern CIPHERTEXT =
            java.util.regex.Pattern.compile("\"CiphertextBlob\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"");
    private static final java.util.regex.Pattern KEY_ID =
            java.util.regex.Pattern.compile("\"KeyId\"\\s*:\\s*\"([^\"]+)\"");

    private boolean deniesKey(byte[] body) {
        if (deniedKeys.isEmpty()) {
            return false;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        java.util.regex.Matcher c = CIPHERTEXT.matcher(text);
        if (c.find()) {
            byte[] blob = java.util.Base64.getDecoder().decode(c.group(1));
            if (blob.length >= 36 && deniedKeys.contains(new String(blob, 0, 36, StandardCharsets.ISO_8859_1))) {
                denied.incrementAndGet();
                return true;
            }
        }
        java.util.regex.Matcher k = KEY_ID.matcher(text);
        if (k.find()) {
            String named = k.group(1);
            if (deniedKeys.contains(named.substring(named.lastIndexOf('/') + 1))) {
                denied.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** Requests seen for one KMS operation ({@code "Decrypt"}), faulted or forwarded, since the last reset. */
    public int count(String kmsOperation) {
        AtomicInteger n = counts.get(kmsOperation);
        return n == null ? 0 : n.get();
    }

    /** Requests seen for all operations since the last reset. */
    public int totalCount() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** A snapshot of the per-operation counts, sorted by name. */
    public Map<String, Integer> counts() {
        Map<String, Integer> snapshot = new TreeMap<>();
        counts.forEach((op, n) -> snapshot.put(op, n.get()));
        return snapshot;
    }

    /** Sets every count back to zero. */
    public void resetCounts() {
        counts.clear();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (listener != null) {
                closeQuietly(listener);
                listener = null;
            }
        }
        blackHole(false);
        workers.shutdownNow();
    }

    private Thread acceptor; // guarded by this

    private void awaitAcceptorExit() {
        Thread t = acceptor;
        if (t == null) {
            return;
        }
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void listen() {
        try {
            ServerSocket server = new ServerSocket();
            // reuse: refuse(false) binds the same port again right after refuse(true) closed it
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(FreePorts.loopback(), port), 50);
            listener = server;
            Thread acceptor = new Thread(() -> acceptLoop(server), "kms-fault-proxy-accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
            this.acceptor = acceptor;
        } catch (IOException e) {
            throw new UncheckedIOException("KmsFaultProxy could not listen on 127.0.0.1:" + port, e);
        }
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                workers.execute(() -> handle(client));
            } catch (IOException e) {
                return; // closed by refuse() or close()
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // proxy closed meanwhile
            }
        }
    }

    private void handle(Socket client) {
        boolean keepOpen = false;
        try {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return; // the client connected and left
            }
            List<String> lines = List.of(new String(head, StandardCharsets.ISO_8859_1).split("\r\n"));
            String operation = operationOf(lines);
            byte[] body = in.readNBytes(contentLength(lines));
            counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();

            if (blackHole) {
                parked.add(client);
                keepOpen = true;
                return;
            }
            Fault fault = deniesKey(body) ? Fault.accessDenied() : takeFault(operation);
            if (fault != null) {
                switch (fault.kind()) {
                    case DROP:
                        return; // finally closes without a byte of answer
                    case HANG:
                        parked.add(client); // closed by clearFaults(), blackHole(false) or close()
                        keepOpen = true;
                        return;
                    case REPLY:
                        reply(client.getOutputStream(), fault.status(), fault.body());
                        return;
                    case DELAY:
                        Thread.sleep(fault.delay().toMillis());
                        break;
                    default:
                        throw new IllegalStateException("unknown fault " + fault);
                }
            }
            forward(lines, body, client.getOutputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // proxy closing
        } catch (IOException e) {
            // the client went away (for example its attempt timed out during a delay): nothing to answer
        } finally {
            if (!keepOpen) {
                closeQuietly(client);
            }
        }
    }

    private Fault takeFault(String operation) {
        synchronized (faults) {
            for (ActiveFault active : faults) {
                if (active.fault.matches(operation) && active.take()) {
                    return active.fault;
                }
            }
        }
        return null;
    }

    private void forward(List<String> requestLines, byte[] body, OutputStream toClient) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
            upstream.setSoTimeout(60_000);
            OutputStream out = upstream.getOutputStream();
            out.write(withConnectionClose(requestLines));
            out.write(body);
            out.flush();

            InputStream in = upstream.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return; // target closed without answering: pass the silence on
            }
            List<String> lines = List.of(new String(head, StandardCharsets.ISO_8859_1).split("\r\n"));
            toClient.write(withConnectionClose(lines));
            int length = contentLength(lines);
            if (length > 0 || hasHeader(lines, "content-length")) {
                toClient.write(in.readNBytes(length));
            } else {
                in.transferTo(toClient); // no length: the body ends when the target closes
            }
            toClient.flush();
        }
    }

    private static void reply(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n"
                + "x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    /** Reads up to and including the blank line; null on a clean end of stream before any byte. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int last4 = 0; // the last four bytes read, to spot CR LF CR LF
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside an HTTP head");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("HTTP head over " + MAX_HEAD_BYTES + " bytes");
            }
            last4 = (last4 << 8) | b;
        }
        byte[] bytes = head.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - 4); // without the blank line
    }

    /** The head lines again, with any Connection header replaced by {@code Connection: close}. */
    private static byte[] withConnectionClose(List<String> lines) {
        StringBuilder out = new StringBuilder(lines.get(0)).append("\r\n");
        for (String line : lines.subList(1, lines.size())) {
            if (!headerName(line).equalsIgnoreCase("connection")) {
                out.append(line).append("\r\n");
            }
        }
        out.append("Connection: close\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String operationOf(List<String> lines) {
        String target = header(lines, "x-amz-target");
        if (target == null) {
            return "(none)";
        }
        return target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
    }

    private static int contentLength(List<String> lines) throws IOException {
        String value = header(lines, "content-length");
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length " + value, e);
        }
    }

    private static boolean hasHeader(List<String> lines, String name) {
        return header(lines, name) != null;
    }

    private static String header(List<String> lines, String name) {
        for (String line : lines.subList(1, lines.size())) {
            if (headerName(line).equalsIgnoreCase(name)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    private static String headerName(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon).trim();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort: the peer may be gone already
        }
    }

    /** A fault with its remaining uses; guarded by the {@code faults} list's lock. */
    private static final class ActiveFault {
        final Fault fault;
        int remaining;

        ActiveFault(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }

        boolean take() {
            if (remaining == Fault.FOREVER) {
                return true;
            }
            if (remaining > 0) {
                remaining--;
                return true;
            }
            return false;
        }
    }
}
