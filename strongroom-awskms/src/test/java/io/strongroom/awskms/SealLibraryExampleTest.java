package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.testkit.MotoServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/seal-library.md's program, taken from the document as it is, compiled against this module and run as a
 * separate process against moto_server (through {@code AWS_KMS_ENDPOINT}), so the documented example cannot rot.
 */
class SealLibraryExampleTest {

    private static final Path DOC = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/seal-library.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void documentedExample_compiledAndRunAgainstKms_wrapsUnwrapsAndPrintsTheKeyArn() throws Exception {
        String doc = Files.readString(DOC);
        Matcher m = JAVA_BLOCK.matcher(doc);
        assertThat(m.find()).as("a ```java block in " + DOC).isTrue();
        Path source = Files.writeString(tmp.resolve("SealExample.java"), m.group(1));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", tmp.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", source.toString());
        assertThat(compiled).as("the documented example compiles").isZero();

        MotoServer moto = MotoServer.shared();
        String keyArn = moto.createKey();
        try {
            moto.createAlias("alias/my-app-seal", keyArn);
        } catch (software.amazon.awssdk.services.kms.model.AlreadyExistsException e) {
            moto.updateAlias("alias/my-app-seal", keyArn);
        }
        Path out = tmp.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", tmp + File.pathSeparator + System.getProperty("java.class.path"), "SealExample")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("VAULT_"));
        pb.environment().putAll(java.util.Map.of("AWS_KMS_ENDPOINT", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1",
                "AWS_EC2_METADATA_DISABLED", "true"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the example did not finish within 120 s");
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed.lines().toList()).as(printed)
                .containsSubsequence(List.of("round trip: true", "wrapped by: " + keyArn));
    }

    @Test
    void documentedDependency_namesThisModuleAndVersion() throws Exception {
        String doc = Files.readString(DOC);
        String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
        assertThat(doc).contains("<artifactId>strongroom-awskms</artifactId>")
                .contains("<version>" + version + "</version>");
    }
}
