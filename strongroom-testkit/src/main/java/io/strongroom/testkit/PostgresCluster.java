package io.strongroom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A private PostgreSQL cluster for tests: {@code initdb} in a temp folder, {@code pg_ctl start} on 127.0.0.1 and a
 * free port with the Unix socket inside the same folder (so it never touches a system cluster), trust
 * authentication for the superuser {@code postgres}.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root (as on CI machines) every server command runs as
 * the {@code postgres} OS user via {@code runuser -u postgres --}, and the temp folder is handed to that user;
 * {@code psql} itself runs as root, which is allowed, and connects over TCP. The binaries are looked up on PATH
 * and then in {@code /usr/lib/postgresql/<version>/bin} (Debian keeps them there).
 *
 * <p>{@link #close()} stops the server ({@code pg_ctl stop -m fast}) and deletes the folder; a JVM shutdown hook
 * does the same. Thread-safe.
 */
public final class PostgresCluster implements AutoCloseable {

    /** The superuser; trust authentication, no password. */
    public static final String USER = "postgres";

    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final boolean asRoot;
    private Path dir;
    private Path binDir;
    private Path psql;
    private int port;
    private Thread shutdownHook;
    private boolean running;

    /** A new, not yet started cluster; call {@link #start()}. */
    public PostgresCluster() {
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates and starts the cluster, waiting until it accepts connections.
     *
     * @throws IllegalStateException if the PostgreSQL server binaries are missing or a step fails (with its output)
     */
    public synchronized PostgresCluster start() {
        if (running) {
            throw new IllegalStateException("PostgreSQL already running on port " + port);
        }
        Path initdb = Executables.find("initdb", debianBinDirs()).orElseThrow(() -> new IllegalStateException(
                "initdb not found on PATH nor in /usr/lib/postgresql/*/bin: install the server with "
                        + "`apt-get install postgresql`"));
        // pg_ctl must come from the same version as initdb; resolve symlinks such as /usr/local/bin/initdb
        binDir = realPath(initdb).getParent();
        psql = Executables.find("psql", List.of(binDir)).orElse(binDir.resolve("psql"));
        port = FreePorts.pick();
        try {
            dir = Files.createTempDirectory("strongroom-pg-");
            if (asRoot) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(USER));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a folder for PostgreSQL", e);
        }
        shutdownHook = new Thread(this::stop, "postgres-cluster-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        Path data = dir.resolve("data");
        runAsServerUser(List.of(binDir.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
        // fsync off and friends: test data is disposable, and the 2-core machines are shared
        String options = "-h 127.0.0.1 -p " + port + " -k " + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        runAsServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-o", options, "-w", "-t", "30", "start"), "pg_ctl start");
        running = true;
        return this;
    }

    /** The port the server listens on (127.0.0.1). */
    public synchronized int port() {
        requireRunning();
        return port;
    }

    /** A JDBC URL for the {@code postgres} database: {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** A JDBC URL for {@code database}; connect as {@link #USER} with no password. */
    public synchronized String jdbcUrl(String database) {
        requireRunning();
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database (name: letters, digits, underscore) with psql over TCP. */
    public void createDatabase(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("unsafe database name: " + name);
        }
        int p = port();
        run(List.of(psql.toString(), "-h", "127.0.0.1", "-p", Integer.toString(p), "-U", USER, "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \"" + name + "\""), "psql CREATE DATABASE");
    }

    /**
     * Restarts the server ({@code pg_ctl restart -m fast}): every connection is cut, data and the port stay. Waits
     * until it accepts connections again.
     */
    public synchronized void restart() {
        requireRunning();
        Path data = dir.resolve("data");
        String options = "-h 127.0.0.1 -p " + port + " -k " + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        runAsServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-o", options, "-m", "fast", "-w", "-t", "30", "restart"),
                "pg_ctl restart");
    }

    /** Runs one SQL statement as the superuser in {@code database} with psql; returns its unaligned output. */
    public String psql(String database, String sql) {
        if (!DB_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("unsafe database name: " + database);
        }
        int p = port();
        return runCapture(List.of(psql.toString(), "-h", "127.0.0.1", "-p", Integer.toString(p), "-U", USER, "-d",
                database, "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t", "-c", sql), "psql");
    }

    private String runCapture(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + new String(out, java.nio.charset.StandardCharsets.UTF_8));
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    @Override
    public void close() {
        stop();
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
            shutdownHook = null;
        }
        Executables.removeShutdownHook(hook);
    }

    private synchronized void stop() {
        if (dir == null) {
            return;
        }
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                runAsServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-m", "fast", "-w", "-t", "30", "stop"), "pg_ctl stop");
            } catch (RuntimeException e) {
                // keep going: deleting the folder matters more, and a failed stop is in the message anyway
                System.err.println("PostgresCluster: " + e.getMessage());
            }
        }
        deleteTree(dir);
        dir = null;
        running = false;
    }

    private void requireRunning() {
        if (!running) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
    }

    private void runAsServerUser(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        run(full, what);
    }

    private void run(List<String> command, String what) {
        Path out = null;
        try {
            out = Files.createTempFile("strongroom-pg-cmd-", ".log");
            // run in the temp dir: runuser keeps the cwd, and postgres may not be able to read the caller's
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                Executables.killTree(process, 2000);
                throw new IllegalStateException(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: "
                        + Executables.tail(out, 2000));
            }
            if (process.exitValue() != 0) {
                Path serverLog = dir.resolve("server.log");
                throw new IllegalStateException(what + " failed with exit code " + process.exitValue() + ":\n"
                        + Executables.tail(out, 2000)
                        + (Files.exists(serverLog) ? "\nserver log tail:\n" + Executables.tail(serverLog, 2000) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // temp output only
                }
            }
        }
    }

    private static List<Path> debianBinDirs() {
        List<Path> dirs = new ArrayList<>();
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path version : versions) {
                    dirs.add(version.resolve("bin"));
                }
            } catch (IOException ignored) {
                // nothing usable there
            }
        }
        dirs.sort((a, b) -> b.toString().compareTo(a.toString())); // newest version first (roughly)
        return dirs;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("PostgresCluster: could not delete " + root + ": " + e);
        }
    }
}
