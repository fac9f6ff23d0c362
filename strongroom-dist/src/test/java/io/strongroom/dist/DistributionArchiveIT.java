package io.strongroom.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.ServerConfigLoader;
import io.strongroom.server.config.StorageConfig;
import io.strongroom.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive the build makes, installed as an operator would: unpacked into an empty folder, run from other
 * folders and through a symbolic link, with its own launcher.
 */
class DistributionArchiveIT {

    private static final String VERSION = System.getProperty("dist.version");
    private static final Path ARCHIVE = Path.of(System.getProperty("dist.archive"));

    @TempDir
    static Path tmp;
    private static Path install;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path into = Files.createDirectories(tmp.resolve("opt"));
        home = Files.createDirectories(tmp.resolve("home"));
        try (Stream<Path> entries = Files.list(into)) {
            assertThat(entries).isEmpty();
        }
        // tar, as an operator would, so that the modes in the archive are the ones that count
        Launch.Result r = Launch.run(into, home, Map.of(), 60, "tar", "-xzf", ARCHIVE.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        install = into.resolve("strongroom-" + VERSION);
    }

    @Test
    void archive_unpacked_hasTheDocumentedLayout() throws IOException {
        assertThat(Files.getPosixFilePermissions(install.resolve("bin/strongroom")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        for (String file : List.of("config/strongroom.hcl", "systemd/strongroom.service", "LICENSE", "README",
                "lib/strongroom-server-" + VERSION + ".jar", "lib/strongroom-awskms-" + VERSION + ".jar")) {
            assertThat(install.resolve(file)).as(file).isRegularFile();
        }
        // the version placeholders of the text files are filled in
        assertThat(Files.readString(install.resolve("README"))).startsWith("Strongroom " + VERSION);
    }

    @Test
    void devServerAndStatus_fromOtherFoldersAndASymlink_work() throws Exception {
        Path serverCwd = Files.createDirectories(tmp.resolve("empty-server-cwd"));
        Path cds = tmp.resolve("cds");
        int port = FreePorts.pick();
        Path log = tmp.resolve("dev.log");
        Process server = Launch.builder(serverCwd, home, Map.of("STRONGROOM_CDS_DIR", cds.toString()),
                List.of(install.resolve("bin/strongroom").toString(), "server", "-dev",
                        "-dev-listen-address=127.0.0.1:" + port, "-dev-root-token-id=root"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String addr = "http://127.0.0.1:" + port;
            // the first start also makes the class-data-sharing archive (a few seconds, more on a busy machine)
            awaitHealth(addr, server, log, 240);

            // a user's PATH entry: a symbolic link to the launcher in another folder, run from a third one
            Path binDir = Files.createDirectories(tmp.resolve("usr-local-bin"));
            Path link = Files.createSymbolicLink(binDir.resolve("strongroom"), install.resolve("bin/strongroom"));
            Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));
            Map<String, String> env = Map.of("VAULT_ADDR", addr, "STRONGROOM_CDS_DIR", cds.toString());
            Launch.Result status = Launch.run(cwd, home, env, 120, link.toString(), "status");
            assertThat(status.code()).as(status.toString()).isZero();
            assertThat(status.out()).containsPattern("Sealed\\s+false").containsPattern("Version\\s+" + VERSION);

            Launch.Result version = Launch.run(cwd, home, env, 120, link.toString(), "version");
            assertThat(version.out()).startsWith("Strongroom v" + VERSION + " (");
            try (Stream<Path> files = Files.list(cds)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".jsa"));
            }
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void launcher_unwritableCdsFolder_saysSoAndRunsWithoutIt() throws Exception {
        // /proc refuses new folders even to root
        Launch.Result r = Launch.run(tmp, home, Map.of("STRONGROOM_CDS_DIR", "/proc/strongroom-cds"), 120,
                install.resolve("bin/strongroom").toString(), "version");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Strongroom v" + VERSION);
        assertThat(r.err()).contains("cannot write the class-data-sharing archive in /proc/strongroom-cds")
                .contains("STRONGROOM_CDS_DIR");
    }

    @Test
    void launcher_javaHomeWithoutJava_failsWithTheReason() throws Exception {
        Path noJava = Files.createDirectories(tmp.resolve("not-a-jdk"));
        Launch.Result r = Launch.run(tmp, home, Map.of("JAVA_HOME", noJava.toString(), "STRONGROOM_CDS", "off"), 60,
                install.resolve("bin/strongroom").toString(), "version");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("JAVA_HOME is " + noJava).contains("not an executable");
    }

    @Test
    void launcher_javaHomeAndJavaOpts_areUsed() throws Exception {
        Launch.Result r = Launch.run(tmp, home, Map.of("JAVA_HOME", System.getProperty("java.home"),
                        "STRONGROOM_CDS", "off", "STRONGROOM_JAVA_OPTS", "-XshowSettings:properties"), 120,
                install.resolve("bin/strongroom").toString(), "version");
        assertThat(r.code()).as(r.toString()).isZero();
        // -XshowSettings:properties prints java.home, the one JAVA_HOME named
        assertThat(r.err()).contains("java.home = " + System.getProperty("java.home"));
        assertThat(r.out()).startsWith("Strongroom v" + VERSION);
    }

    @Test
    void productionConfig_parses_withFileStorageTlsAwskmsApiAddrAndTelemetry() {
        ServerConfig config = ServerConfigLoader.load(List.of(install.resolve("config/strongroom.hcl")), false);
        assertThat(config.storage()).containsInstanceOf(StorageConfig.File.class);
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.tlsDisable()).isFalse();
            assertThat(l.tlsCertFile()).isNotBlank();
        });
        assertThat(config.seals()).singleElement().satisfies(s -> assertThat(s.type()).isEqualTo("awskms"));
        assertThat(config.apiAddr()).startsWith("https://");
        assertThat(config.telemetry().disableHostname()).isTrue();
    }

    @Test
    void systemdUnit_verify_passes() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here: the unit is not verified");
        // the unit names /opt/strongroom; point it at this installation so that ExecStart exists
        String unit = Files.readString(install.resolve("systemd/strongroom.service"))
                .replace("/opt/strongroom/", install + "/");
        Path unitFile = Files.writeString(tmp.resolve("strongroom.service"), unit);
        Launch.Result r = Launch.run(tmp, home, Map.of(), 120, "systemd-analyze", "verify", unitFile.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("strongroom.service:");
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    private static void awaitHealth(String addr, Process server, Path log, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                int code = http.send(HttpRequest.newBuilder(URI.create(addr + "/v1/sys/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (code == 200 && Files.readString(log).contains("Root Token:")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the dev server did not become ready within " + seconds + " s:\n"
                + Files.readString(log));
    }
}
