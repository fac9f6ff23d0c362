package io.strongroom.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's manual (docs/manual.md, "Troubleshooting") lists every message the seal and the server can print,
 * so that it cannot drift from the code: this test reads the sources and fails for each message the manual lacks.
 *
 * <p>What counts as a message, in the seal (strongroom-awskms), the seal SPI, the lifecycle and storage of
 * strongroom-core, and the server's configuration and start-up (strongroom-server): the text of every
 * {@code new XxxException(...)} or {@code new XxxError(...)} that an operator can meet (programming errors such as
 * IllegalArgumentException are left out), every {@code LOG.warn}/{@code LOG.error} line, and what the launcher
 * prints to stderr. Of each, the first string literal of at least 12 characters (for a log line: up to its first
 * {@code {}}) must appear in the manual word for word; the manual writes the dynamic parts around it as
 * {@code <placeholders>}.
 */
class ErrorCatalogueTest {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> SCOPE = List.of(
            "strongroom-awskms/src/main/java",
            "strongroom-core/src/main/java/io/strongroom/seal",
            "strongroom-core/src/main/java/io/strongroom/core/lifecycle",
            "strongroom-core/src/main/java/io/strongroom/storage",
            "strongroom-core/src/main/java/io/strongroom/barrier",
            "strongroom-core/src/main/java/io/strongroom/audit",
            "strongroom-server/src/main/java/io/strongroom/server/config");
    /** The top-level classes of the server package (not its http or cli sub-packages: requests, not operations). */
    private static final String SERVER_PACKAGE = "strongroom-server/src/main/java/io/strongroom/server";
    private static final Set<String> PROGRAMMING_ERRORS = Set.of("IllegalArgumentException",
            "IllegalStateException", "NumberFormatException", "IOException", "UncheckedIOException",
            "NullPointerException", "UnsupportedOperationException", "AssertionError", "InterruptedIOException");
    private static final Pattern NEW_EXCEPTION = Pattern.compile("new\\s+([A-Z][A-Za-z]*(?:Exception|Error))\\s*\\(");
    private static final Pattern LOG_OR_STDERR = Pattern.compile("(?:LOG\\.(?:warn|error)|err\\.println)\\s*\\(");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MIN_LENGTH = 12;

    @Test
    void manual_troubleshooting_listsEveryMessageOfTheSealAndTheServer() throws IOException {
        String manual = Files.readString(REPO.resolve("docs/manual.md"));
        Set<String> messages = messages();
        assertThat(messages).as("the scan found the messages").hasSizeGreaterThan(80);
        List<String> missing = messages.stream().filter(m -> !manual.contains(m)).toList();
        assertThat(missing).as("messages in the code that docs/manual.md (Troubleshooting) does not list")
                .isEmpty();
    }

    @Test
    void scan_knownMessage_isFound() throws IOException {
        // the scanner itself: a message known to be in the seal's code is among what it finds
        assertThat(messages()).contains("no AWS credentials for the awskms seal:",
                "\"kms_key_id\" is required (or set VAULT_AWSKMS_SEAL_KEY_ID)");
    }

    static Set<String> messages() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : SCOPE) {
            try (Stream<Path> s = Files.walk(REPO.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        try (Stream<Path> s = Files.list(REPO.resolve(SERVER_PACKAGE))) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        Set<String> out = new TreeSet<>();
        for (Path file : files) {
            String src = read(file);
            Matcher m = NEW_EXCEPTION.matcher(src);
            while (m.find()) {
                if (!PROGRAMMING_ERRORS.contains(m.group(1))) {
                    firstLiteral(arguments(src, m.end()), false).ifPresent(out::add);
                }
            }
            Matcher l = LOG_OR_STDERR.matcher(src);
            while (l.find()) {
                firstLiteral(arguments(src, l.end()), true).ifPresent(out::add);
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a call's arguments, from just after its '(' to the matching ')', skipping string literals. */
    private static String arguments(String src, int from) {
        int depth = 1;
        int i = from;
        while (i < src.length() && depth > 0) {
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                while (src.charAt(i) != '"') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            i++;
        }
        return src.substring(from, i);
    }

    private static java.util.Optional<String> firstLiteral(String args, boolean logTemplate) {
        Matcher m = LITERAL.matcher(args);
        while (m.find()) {
            String text = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\").replace("\\n", " ");
            if (logTemplate && text.contains("{}")) {
                text = text.substring(0, text.indexOf("{}"));
            }
            text = text.strip();
            if (text.length() >= MIN_LENGTH) {
                return java.util.Optional.of(text);
            }
        }
        return java.util.Optional.empty();
    }
}
