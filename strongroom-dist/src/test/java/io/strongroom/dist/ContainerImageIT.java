package io.strongroom.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image tarball the build makes (Jib, no Docker daemon): its index, manifest and config say what a
 * container runtime will do with it, every layer is the blob its digest names, and the unpacked layers run
 * Strongroom as the image's user.
 */
class ContainerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("dist.version");
    private static final Path IMAGE = Path.of(System.getProperty("dist.image"));

    @TempDir
    static Path tmp;
    private static Path layout;
    private static JsonNode manifest;
    private static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        layout = Files.createDirectories(tmp.resolve("layout"));
        Launch.Result r = Launch.run(layout, tmp, Map.of(), 60, "tar", "-xf", IMAGE.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(index.path("manifests")).hasSize(1);
        manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()).toFile());
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
    }

    private static Path blob(String digest) {
        assertThat(digest).startsWith("sha256:");
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    @Test
    void image_config_runsStrongroomAsNonRootWithVaultsPortVolumesAndEnv() {
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode c = config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(JSON.convertValue(c.path("Entrypoint"), List.class))
                .startsWith("/opt/java/bin/java").endsWith("io.strongroom.server.Main");
        // vault-compat: as Vault's image, `server -dev` unless told otherwise, on port 8200
        assertThat(JSON.convertValue(c.path("Cmd"), List.class)).startsWith("server", "-dev");
        assertThat(c.path("ExposedPorts").has("8200/tcp")).isTrue();
        assertThat(c.path("Volumes").has("/strongroom/config")).isTrue();
        assertThat(c.path("Volumes").has("/strongroom/data")).isTrue();
        assertThat(JSON.convertValue(c.path("Env"), List.class)).contains("VAULT_ADDR=http://127.0.0.1:8200");
        assertThat(c.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    }

    @Test
    void image_layers_matchTheirDigestsAndSizes() throws Exception {
        assertThat(manifest.path("layers").size()).isGreaterThanOrEqualTo(3);
        for (JsonNode layer : manifest.path("layers")) {
            Path file = blob(layer.path("digest").asText());
            assertThat(Files.size(file)).isEqualTo(layer.path("size").asLong());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            assertThat("sha256:" + sha).isEqualTo(layer.path("digest").asText());
        }
        assertThat(config.path("rootfs").path("diff_ids").size()).isEqualTo(manifest.path("layers").size());
    }

    @Test
    void image_unpackedLayers_runStrongroomVersionAsTheImageUser() throws Exception {
        // chroot needs root; a container runtime would do the same with its own isolation
        assumeTrue("root".equals(System.getProperty("user.name")), "not root: the image's file system is not run");
        Path root = Files.createDirectories(tmp.resolve("rootfs"));
        for (JsonNode layer : manifest.path("layers")) {
            Launch.Result r = Launch.run(root, tmp, Map.of(), 120, "tar", "--warning=no-unknown-keyword", "-xzf",
                    blob(layer.path("digest").asText()).toString());
            assertThat(r.code()).as(r.toString()).isZero();
        }
        // no /proc inside: the loader is named directly, since $ORIGIN needs /proc/self/exe to resolve
        List<String> command = new ArrayList<>(List.of("chroot", "--userspec=10001:10001", root.toString(),
                "/lib64/ld-linux-x86-64.so.2", "--library-path", "/opt/java/lib:/opt/java/lib/server"));
        List<?> entrypoint = JSON.convertValue(config.path("config").path("Entrypoint"), List.class);
        entrypoint.forEach(arg -> command.add(arg.toString()));
        command.add("version");
        Launch.Result r = Launch.run(tmp, tmp, Map.of(), 120, command.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Strongroom v" + VERSION + " (");
    }

    @Test
    void image_runtime_hasItsOwnTrustStore() throws IOException {
        // KMS is reached over HTTPS: the runtime must carry CA certificates, not a link to the build machine's
        Path root = tmp.resolve("rootfs-cacerts");
        Files.createDirectories(root);
        for (JsonNode layer : manifest.path("layers")) {
            try {
                Launch.run(root, tmp, Map.of(), 120, "tar", "--warning=no-unknown-keyword", "-xzf",
                        blob(layer.path("digest").asText()).toString(), "--wildcards", "opt/java/lib/security/*");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        Path cacerts = root.resolve("opt/java/lib/security/cacerts");
        assertThat(cacerts).isRegularFile();
        assertThat(Files.isSymbolicLink(cacerts)).isFalse();
        assertThat(Files.size(cacerts)).isGreaterThan(10_000);
    }
}
