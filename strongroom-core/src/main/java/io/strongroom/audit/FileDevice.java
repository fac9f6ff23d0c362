package io.strongroom.audit;

import io.strongroom.base.InvalidRequestException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code file} audit device (vault-compat: dataplane spec 6.2): {@code file_path} (legacy {@code path}) is a
 * file appended to, or {@code stdout}, or {@code discard}; {@code mode} is the file's octal permissions (default
 * {@code 0600}, {@code 0000} leaves them). One entry per line.
 *
 * <p>Group commit ({@link GroupCommit}): entries of concurrent requests are written together by one {@code write(2)};
 * no caller returns before the write holding its entry is done, and when that write fails every caller of the group
 * gets the failure (so each of their requests is refused).
 *
 * <p>Deliberate difference: before each entry the file's path is checked; a file that was moved or deleted away is
 * created again (so rotation works without SIGHUP), and a path that can no longer be created fails the write (so the
 * request is refused rather than logged to an unreachable file). With group commit the check is made once per
 * group, just before its write.
 */
public final class FileDevice implements Device {

    private final Path file;
    private final boolean stdout;
    private final Set<PosixFilePermission> mode;
    /** Guarded by {@code this}: the open file, written only by a group's leader. */
    private OutputStream out;

    /** Concurrent callers' entries written by one write(2); see {@link GroupCommit}. */
    private final GroupCommit groups = new GroupCommit(this::writeGroup);

    private FileDevice(Path file, boolean stdout, Set<PosixFilePermission> mode) {
        this.file = file;
        this.stdout = stdout;
        this.mode = mode;
    }

    /**
     * Opens the device; a file that cannot be opened is refused here, at enable time.
     *
     * @throws InvalidRequestException for missing or bad options, or a file that cannot be opened
     */
    public static FileDevice open(Map<String, String> options) {
        String path = options.getOrDefault("file_path", options.get("path"));
        if (path == null || path.isEmpty()) {
            throw new InvalidRequestException("\"file_path\" is required");
        }
        String modeText = options.getOrDefault("mode", "0600");
        Set<PosixFilePermission> mode;
        try {
            int bits = Integer.parseInt(modeText, 8);
            if (bits < 0 || bits > 0777) {
                throw new NumberFormatException();
            }
            mode = bits == 0 ? null : permissions(bits);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("unable to parse 'mode': " + modeText);
        }
        String special = path.toLowerCase(Locale.ROOT);
        FileDevice d;
        if (special.equals("discard")) {
            d = new FileDevice(null, false, null);
        } else if (special.equals("stdout")) {
            d = new FileDevice(null, true, null);
        } else {
            d = new FileDevice(Path.of(path), false, mode);
        }
        try {
            d.reopen();
        } catch (IOException e) {
            throw new InvalidRequestException("sanity check failed; unable to open \"" + path + "\" for writing: "
                    + e.getClass().getSimpleName());
        }
        return d;
    }

    private static Set<PosixFilePermission> permissions(int bits) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((bits & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    @Override
    public void write(byte[] line) throws IOException {
        if (file == null && !stdout) {
            return; // discard
        }
        groups.append(line);
    }

    private synchronized void writeGroup(java.io.ByteArrayOutputStream lines) throws IOException {
        if (file != null && (out == null || !Files.exists(file))) {
            reopen();
        }
        lines.writeTo(out);
        out.flush();
    }

    @Override
    public synchronized void reopen() throws IOException {
        if (stdout) {
            out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            return;
        }
        if (file == null) {
            return;
        }
        closeQuietly();
        // a FileOutputStream in append mode (O_APPEND): its write(2) goes from the array through a stack buffer, half
        // the cost of a channel's stream, which copies into a temporary direct buffer first (issue 8 benchmark)
        // (opened with NIO first only for its precise errors, NoSuchFileException or AccessDeniedException; reopen is rare)
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)
                .close();
        OutputStream o = new java.io.FileOutputStream(file.toFile(), true);
        if (mode != null) {
            try {
                Files.setPosixFilePermissions(file, mode);
            } catch (UnsupportedOperationException | IOException e) {
                o.close();
                throw e instanceof IOException io ? io : new IOException("cannot set the file's mode", e);
            }
        }
        out = o;
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing a log file that is gone: nothing to do
            }
            out = null;
        }
    }

    @Override
    public String toString() {
        return "FileDevice[" + (file != null ? file : stdout ? "stdout" : "discard") + "]";
    }
}
