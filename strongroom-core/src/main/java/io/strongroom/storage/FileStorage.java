package io.strongroom.storage;

import io.strongroom.core.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * Storage in a folder of the local file system ({@code storage "file" { path = "..." }}).
 *
 * <h2>On-disk format</h2>
 * A key {@code s1/s2/.../leaf} is stored in the file {@code <root>/s1/s2/.../_leaf}: every segment but the last
 * becomes a folder, and the last becomes a file whose name is the segment prefixed with {@code _}. The file holds
 * the raw value bytes, nothing else (no header, no encoding). The {@code _} prefix lets a value and a folder share
 * a name, e.g. keys {@code a} (file {@code _a}) and {@code a/b} (folder {@code a}, file {@code a/_b}).
 * A folder segment that starts with {@code _}, {@code .} or {@code ~} is stored with one extra leading {@code ~}
 * (key {@code _x/y} is file {@code ~_x/_y}), so that a folder can never collide with a value file ({@code _x}) or
 * a temporary file, a collision Vault's file backend has.
 * // vault-compat: Vault's file backend uses the same {@code _} prefix for value files (it wraps the value in JSON
 * {@code {"Value": "<base64>"}}, which this backend does not).
 *
 * <p>Temporary files are named {@code .tmp-<random hex>} and live next to their target. They are never listed
 * (a listing shows only folders and files starting with {@code _}) and leftovers from a crash are deleted when a
 * {@code FileStorage} is opened. Each key segment must fit a file name: at most 254 UTF-8 bytes.
 *
 * <h2>Crash safety</h2>
 * Every put writes the value to a temporary file in the target folder, forces it to disk
 * ({@code FileChannel.force(true)}), renames it over the target with {@code ATOMIC_MOVE} and then forces the
 * folder, so after a crash a key holds either its old or its new value in full. Newly created folders are forced
 * into their parent in the same way. Deletes remove the file, force the folder, and then remove now-empty parent
 * folders best-effort.
 *
 * <h2>Concurrency</h2>
 * Readers take no lock: the atomic rename means a reader opens either the old file or the new one. Writers share a
 * read lock, and only the removal of empty folders takes the write lock, so a put never finds the folder it is
 * writing into removed under it. One {@code FileStorage} per folder per machine: two processes on one folder are
 * not supported.
 */
public final class FileStorage implements Storage {

    private static final String VALUE_PREFIX = "_";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final int MAX_SEGMENT_BYTES = 254;

    private final Path root;
    private final SecureRandom random = new SecureRandom();
    // Writers (put, delete) share the read side; pruning empty folders takes the write side.
    private final ReadWriteLock structureLock = new ReentrantReadWriteLock();

    /**
     * Opens (creating it if needed) a storage folder and removes temporary files a crash left behind.
     *
     * @throws StorageException if the folder cannot be created or read
     */
    public FileStorage(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            removeStaleTempFiles();
        } catch (IOException e) {
            throw new StorageException("cannot open file storage at " + this.root, e);
        }
    }

    /** The storage folder. */
    public Path root() {
        return root;
    }

    @Override
    public byte[] get(String key) {
        Path file = fileFor(key);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (IOException e) {
            throw new StorageException("cannot read storage key " + key, e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        Path file = fileFor(key);
        Objects.requireNonNull(value, "value");
        structureLock.readLock().lock();
        try {
            Path dir = file.getParent();
            createFolders(dir);
            Path temp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(randomBytes(8)));
            try {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(value);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    // Data and metadata on disk before the rename makes the file visible under its real name.
                    ch.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                deleteQuietly(temp);
                throw e;
            }
            // The rename is only durable once the folder entry is on disk.
            forceFolder(dir);
        } catch (IOException e) {
            throw new StorageException("cannot write storage key " + key, e);
        } finally {
            structureLock.readLock().unlock();
        }
    }

    @Override
    public void delete(String key) {
        Path file = fileFor(key);
        boolean deleted;
        structureLock.readLock().lock();
        try {
            deleted = Files.deleteIfExists(file);
            if (deleted) {
                forceFolder(file.getParent());
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            deleted = false;
        } catch (IOException e) {
            throw new StorageException("cannot delete storage key " + key, e);
        } finally {
            structureLock.readLock().unlock();
        }
        if (deleted) {
            pruneEmptyFolders(file.getParent());
        }
    }

    @Override
    public List<String> list(String prefix) {
        String folder = StorageKeys.normalizePrefix(prefix);
        Path dir = folder.isEmpty() ? root : resolveFolder(folder.substring(0, folder.length() - 1));
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.startsWith(VALUE_PREFIX) && Files.isRegularFile(p)) {
                    children.add(name.substring(VALUE_PREFIX.length()));
                } else if (!name.startsWith(".") && !name.startsWith(VALUE_PREFIX) && Files.isDirectory(p)) {
                    // A folder may be empty for a moment (between a delete and its pruning, or a put that is
                    // creating it); Vault lists only folders that hold something.
                    if (hasEntries(p)) {
                        children.add(decodeFolder(name) + "/");
                    }
                }
                // Anything else (temporary files) is not a key.
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new StorageException("cannot list storage prefix " + folder, e);
        }
        children.sort(null);
        return List.copyOf(children);
    }

    @Override
    public String type() {
        return "file";
    }

    private Path fileFor(String key) {
        StorageKeys.requireValidKey(key);
        int slash = key.lastIndexOf('/');
        Path dir = slash < 0 ? root : resolveFolder(key.substring(0, slash));
        String leaf = key.substring(slash + 1);
        checkSegmentLength(leaf);
        return dir.resolve(VALUE_PREFIX + leaf);
    }

    private Path resolveFolder(String validFolder) {
        Path dir = root;
        for (String segment : StorageKeys.segments(validFolder)) {
            checkSegmentLength(segment);
            dir = dir.resolve(encodeFolder(segment));
        }
        return dir;
    }

    private static String encodeFolder(String segment) {
        char c = segment.charAt(0);
        return c == '_' || c == '.' || c == '~' ? "~" + segment : segment;
    }

    private static String decodeFolder(String name) {
        return name.startsWith("~") ? name.substring(1) : name;
    }

    private static void checkSegmentLength(String segment) {
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new InvalidRequestException("storage key segment longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
    }

    /** Creates missing folders from the root down, forcing each new entry into its parent folder. */
    private void createFolders(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path rel = root.relativize(dir);
        Path current = root;
        for (Path part : rel) {
            Path next = current.resolve(part);
            if (!Files.isDirectory(next)) {
                try {
                    Files.createDirectory(next);
                    forceFolder(current);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(next)) {
                        throw e;
                    }
                }
            }
            current = next;
        }
    }

    /** Removes empty folders from {@code dir} up to (not including) the root. Best-effort: failures are ignored. */
    private void pruneEmptyFolders(Path dir) {
        structureLock.writeLock().lock();
        try {
            Path current = dir;
            while (current != null && !current.equals(root) && current.startsWith(root)) {
                try {
                    Files.delete(current);
                } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                    return;
                } catch (IOException e) {
                    return;
                }
                Path parent = current.getParent();
                try {
                    forceFolder(parent);
                } catch (IOException e) {
                    return;
                }
                current = parent;
            }
        } finally {
            structureLock.writeLock().unlock();
        }
    }

    /**
     * Forces a folder's entries to disk. Opening a directory for reading and calling force works on Linux (it is
     * {@code fsync(dirfd)}); some platforms refuse to open directories, and there we can do no better.
     */
    private static void forceFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.startsWith(VALUE_PREFIX) || Files.isDirectory(p)) {
                    return true;
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void removeStaleTempFiles() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.getFileName().toString().startsWith(TEMP_PREFIX) && Files.isRegularFile(p)) {
                    deleteQuietly(p);
                }
            }
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best-effort cleanup; a leftover temp file is never listed and is removed at the next open.
        }
    }
}
