package io.strongroom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A {@code moto_server} child process on 127.0.0.1 and a free port: a local AWS KMS for tests.
 *
 * <p>moto accepts any credentials, keeps keys in memory only (a restart loses them all) and does not enforce
 * disabled keys or IAM; put a {@link KmsFaultProxy} in front of it for those paths. One moto serves every test of
 * a JVM cheaply through {@link #shared()}: tests create their own keys, so sharing is safe.
 *
 * <p>{@link #close()} kills the process tree; a JVM shutdown hook does the same so that no moto survives a
 * crashed or interrupted test run. Thread-safe.
 */
public final class MotoServer implements AutoCloseable {

    /** The region every harness client uses; moto's account id is always 123456789012. */
    public static final Region REGION = Region.US_EAST_1;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static MotoServer shared;

    private final boolean isShared;
    private Process process;
    private Path log;
    private int port;
    private Thread shutdownHook;
    private KmsClient client;

    /** A new, not yet started server; call {@link #start()}. */
    public MotoServer() {
        this(false);
    }

    private MotoServer(boolean isShared) {
        this.isShared = isShared;
    }

    /**
     * The JVM-wide moto, started on first use and stopped by a shutdown hook. Its {@link #close()} does nothing,
     * so a test that closes it by habit cannot break the tests that run after it.
     */
    public static synchronized MotoServer shared() {
        if (shared == null) {
            MotoServer server = new MotoServer(true);
            server.start();
            shared = server;
        }
        return shared;
    }

    /**
     * Starts moto and waits until its port accepts connections.
     *
     * @throws IllegalStateException if moto_server is not installed, exits early or is not ready in 30 s
     */
    public synchronized MotoServer start() {
        if (process != null) {
            throw new IllegalStateException("moto_server already started on port " + port);
        }
        Path exe = Executables.find("moto_server", List.of())
                .orElseThrow(() -> new IllegalStateException(
                        "moto_server not found on PATH: install it with `pip install 'moto[server]'`"));
        // the free port is only free "a moment ago": if another process grabs it first, try a new one
        for (int attempt = 1; ; attempt++) {
            try {
                launch(exe);
                return this;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                process = null;
            }
        }
    }

    private void launch(Path exe) {
        port = FreePorts.pick();
        try {
            log = Files.createTempFile("moto-" + port + "-", ".log");
            process = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + exe, e);
        }
        if (shutdownHook == null) {
            // registered before waiting, so a JVM killed during start-up still takes moto with it
            shutdownHook = new Thread(this::stop, "moto-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = Executables.tail(log, 2000);
                stop();
                throw new IllegalStateException("moto_server exited with " + process.exitValue()
                        + " before accepting connections on port " + port + "; log tail:\n" + tail);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(FreePorts.loopback(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        String tail = Executables.tail(log, 2000);
        stop();
        throw new IllegalStateException("moto_server did not accept connections on 127.0.0.1:" + port + " within "
                + READY_TIMEOUT.toSeconds() + " s; log tail:\n" + tail);
    }

    /** The base URI, for example {@code http://127.0.0.1:40123}. */
    public synchronized URI endpoint() {
        if (process == null) {
            throw new IllegalStateException("moto_server is not started");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port moto listens on. */
    public synchronized int port() {
        endpoint();
        return port;
    }

    /** A KMS client for this moto (shared, do not close); see {@link #clientFor(URI, Duration)}. */
    public synchronized KmsClient kmsClient() {
        if (client == null) {
            client = clientFor(endpoint(), Duration.ofSeconds(10));
        }
        return client;
    }

    /**
     * A KMS client for any local endpoint (moto or a proxy in front of it): url-connection HTTP client, static
     * dummy credentials "test"/"test", region us-east-1, and SDK retries <em>off</em>, so that every call a test
     * makes is exactly one HTTP request and call counts at a proxy mean something.
     */
    public static KmsClient clientFor(URI endpoint, Duration attemptTimeout) {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(attemptTimeout))
                .build();
    }

    /** Creates a symmetric encryption key and returns its ARN. */
    public String createKey() {
        return kmsClient().createKey(r -> r.description("strongroom test key")).keyMetadata().arn();
    }

    /** Creates {@code alias} (with or without the {@code alias/} prefix) pointing at {@code keyArn}. */
    public void createAlias(String alias, String keyArn) {
        kmsClient().createAlias(r -> r.aliasName(aliasName(alias)).targetKeyId(keyArn));
    }

    /** Moves {@code alias} to another key, as an operator does when replacing a key. */
    public void updateAlias(String alias, String keyArn) {
        kmsClient().updateAlias(r -> r.aliasName(aliasName(alias)).targetKeyId(keyArn));
    }

    private static String aliasName(String alias) {
        return alias.startsWith("alias/") ? alias : "alias/" + alias;
    }

    /** Stops moto, unless this is the {@link #shared()} instance (that one stops at JVM exit). */
    @Override
    public void close() {
        if (isShared) {
            return;
        }
        stop();
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
            shutdownHook = null;
        }
        Executables.removeShutdownHook(hook);
    }

    private synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (process != null) {
            Executables.killTree(process, 5000);
        }
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a leftover temp log is not worth failing a test for
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }
}
