package io.strongroom.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code strongroom server} start failures end in one clear line on stderr and exit code 1, not a stack trace. */
class ServerLauncherStartErrorsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Path config) {
        ServerLauncher launcher = new ServerLauncher(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        // bounded: if the start wrongly succeeded, run() would serve until stopped
        return assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> launcher.run(new ServerLauncher.Options(List.of(config), false, null, null, null)));
    }

    private Path config(String listenerAddress) throws Exception {
        return Files.writeString(dir.resolve("config.hcl"), "storage \"inmem\" {}\n"
                + "listener \"tcp\" {\n  address = \"" + listenerAddress + "\"\n  tls_disable = true\n}\n");
    }

    @Test
    void run_listenerPortInUse_printsOneLineErrorAndExits1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            int code = run(config(address));

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("Error starting the server: listener address " + address
                    + " is already in use" + System.lineSeparator());
            assertThat(out.toString()).doesNotContain("server started");
        }
    }

    @Test
    void run_listenerPortOutOfRange_configErrorNamesFileLineAndKey() throws Exception {
        Path config = config("127.0.0.1:70000");

        int code = run(config);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error starting the server: " + config + ":3:13: \"address\" in listener "
                + "\"tcp\" has an invalid port: it must be a number from 0 to 65535" + System.lineSeparator());
    }

    @Test
    void run_tlsKeyNotMatchingCertificate_startErrorNamesTheFiles() throws Exception {
        io.strongroom.server.tls.TestPki pki = io.strongroom.server.tls.TestPki.create(dir);
        Path config = Files.writeString(dir.resolve("tls.hcl"), "storage \"inmem\" {}\n"
                + "listener \"tcp\" {\n  address = \"127.0.0.1:0\"\n  tls_cert_file = \"" + pki.serverCert
                + "\"\n  tls_key_file = \"" + pki.server2Key + "\"\n}\n");

        int code = run(config);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error starting the server: tls_key_file " + pki.server2Key
                + " does not match the certificate in tls_cert_file " + pki.serverCert);
        assertThat(out.toString()).doesNotContain("server started");
    }
}
