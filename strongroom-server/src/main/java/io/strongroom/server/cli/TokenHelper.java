package io.strongroom.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Vault's internal token helper: the token of the last {@code login}, kept in {@code <home>/.vault-token} and
 * used when neither {@code -token} nor {@code VAULT_TOKEN} is given (spec 7, vault-compat).
 *
 * <p>The file is written mode 0600 whatever the umask: it is created as a temporary file with that mode in the
 * same directory, written, set to 0600 again explicitly, then moved over the old file, so no reader ever sees the
 * token in a file with a wider mode. The token is written without a newline, as Vault does; reads trim whitespace.
 */
final class TokenHelper {

    static final String FILE_NAME = ".vault-token";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    TokenHelper(Path home) {
        this.file = home.resolve(FILE_NAME);
    }

    /** The helper of the context's home directory ({@code HOME}), or null when it is unknown. */
    static TokenHelper of(CliContext ctx) {
        String home = ctx.env("HOME");
        return home == null ? null : new TokenHelper(Path.of(home));
    }

    Path file() {
        return file;
    }

    /** The stored token, or null when there is none (no file, empty, unreadable). */
    String get() {
        try {
            if (!Files.isReadable(file)) {
                return null;
            }
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            return stored.isEmpty() ? null : stored;
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Stores {@code token}, replacing any previous one, in a file only its owner can read. */
    void store(String token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(FILE_NAME + ".tmp-" + ProcessHandle.current().pid());
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        try {
            Files.deleteIfExists(tmp);
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // the umask can only take bits away; set the mode anyway so it is 0600 exactly
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, token, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": it exists", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
