package io.strongroom.storage;

import io.strongroom.base.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <h2>Permissions</h2>
 * Where the file system is POSIX, every folder is created with mode {@code 0700} and every file with {@code 0600},
 * as attributes of the create call itself (never a chmod after the bytes are written), so no other local user can
 * read a value even for a moment, whatever the process umask. A storage folder that already exists and grants any
 * permission to group or others is refused at open, with the {@code chmod 700} that fixes it.
 * // vault-compat: Vault's file backend creates folders 0700 and files 0600 too; it does not check an existing
 * folder's mode, which this backend does.
 *
 * <h2>Exclusive use</h2>
 * Opening takes an exclusive lock on {@code <root>/.lock} (created 0600; it holds the owner's process id, as a hint
 * for the message a second opener sees). The lock is held until {@link #close()} or the end of the process (the
 * operating system drops it when the process dies, even by SIGKILL), so a second server on the same folder, in
 * this JVM or another process, is refused instead of corrupting the first one's data. The lock file is never
 * deleted: deleting it would let two processes lock two different files of the same name. Vault's file backend
 * takes no such lock.
 *
 * <h2>Concurrency</h2>
 * Readers take no lock: the atomic rename means a reader opens either the old file or the new one. Writers share a
 * read lock, and only the removal of empty folders takes the write lock, so a put never finds the folder it is
 * writing into removed under it. After {@link #close()} every operation fails with a {@link StorageException}.
 */
public final class FileStorage implements Storage, AutoCloseable {

    /** The lock file's name in the storage folder; it starts with {@code .}, so it is never listed as a key. */
    public static final String LOCK_FILE = ".lock";

    private static final String VALUE_PREFIX = "_";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final int MAX_SEGMENT_BYTES = 254;

    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /**
     * Storage folders (real paths) this JVM holds open. OS file locks belong to the process, so a second lock
     * attempt from the same JVM would not see the first; worse, opening and closing a second channel on the lock
     * file would drop the first one's lock on Linux. The in-JVM check therefore comes first and, when it refuses,
     * the lock file is not touched at all.
     */
    private static final Set<Path> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();
    private static final Set<FileChannel> LEAKED_ON_PURPOSE = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path lockKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileAttribute<?>[] folderAttributes;
    private final FileAttribute<?>[] fileAttributes;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SecureRandom random = new SecureRandom();
    // Writers (put, delete) share the read side; pruning empty folders takes the write side.
    private final ReadWriteLock structureLock = new ReentrantReadWriteLock();

    /**
     * Opens a storage folder, creating it (mode 0700) if needed, takes the folder's exclusive lock and removes
     * temporary files a crash left behind. Close it to release the lock.
     *
     * @throws StorageException if the folder cannot be created or read, if an existing folder is open to group or
     *     others (the message says which {@code chmod} fixes it), or if another {@code FileStorage}, in this
     *     process or another, holds the folder
     */
    public FileStorage(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        boolean posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.folderAttributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER_MODE)} : new FileAttribute<?>[0];
        this.fileAttributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
        Path realRoot;
        try {
            if (!Files.isDirectory(this.root)) {
                // mkdir(2) with mode 0700: the umask can only take bits away, never add group or other access
                Files.createDirectories(this.root, folderAttributes);
            }
            realRoot = this.root.toRealPath();
            if (posix) {
                requirePrivate(this.root); // follows a symbolic link, like chmod does
            }
        } catch (IOException e) {
            throw new StorageException("cannot open file storage at " + this.root + ": " + e, e);
        }
        this.lockKey = realRoot;
        if (!OPEN_IN_THIS_JVM.add(realRoot)) {
            throw inUse("another open FileStorage in this process (pid " + ProcessHandle.current().pid() + ")");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(realRoot.resolve(LOCK_FILE),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    fileAttributes);
            FileLock acquired;
            try {
                acquired = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Held in this JVM under a path the set above did not recognise. Closing this channel would drop
                // the holder's OS lock (POSIX locks are per process, released by closing any descriptor of the
                // file), so the descriptor is kept open on purpose.
                LEAKED_ON_PURPOSE.add(channel);
                channel = null;
                throw inUse("another open FileStorage in this process (pid " + ProcessHandle.current().pid() + ")");
            }
            if (acquired == null) {
                String owner = readOwner(channel);
                throw inUse("another Strongroom process" + (owner == null ? "" : " (pid " + owner + ")"));
            }
            writeOwner(channel);
            this.lockChannel = channel;
            this.lock = acquired;
            removeStaleTempFiles();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel); // also releases the lock if it was taken
            OPEN_IN_THIS_JVM.remove(realRoot);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot open file storage at " + this.root + ": " + e, e);
        }
    }

    /**
     * Releases the folder's lock; later calls of every method fail. Idempotent. Does not wait for operations in
     * flight: close after the last use.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        } finally {
            closeQuietly(lockChannel);
            OPEN_IN_THIS_JVM.remove(lockKey);
        }
    }

    private StorageException inUse(String holder) {
        return new StorageException("storage folder " + root + " is in use by " + holder + ": two servers on one "
                + "file storage folder would corrupt it. Stop the other server, or give this one its own "
                + "storage \"file\" path.");
    }

    /** Refuses a folder that group or others may read, write or enter, with the command that fixes it. */
    private static void requirePrivate(Path dir) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
        if (!java.util.Collections.disjoint(mode, GROUP_AND_OTHERS)) {
            throw new StorageException("storage folder " + dir + " has mode " + octal(mode) + " ("
                    + PosixFilePermissions.toString(mode) + "): other local users could read or change the "
                    + "server's data. Run `chmod 700 " + dir + "` (as the folder's owner) and start again.");
        }
    }

    /** The mode as four octal digits, e.g. {@code 0755}. */
    static String octal(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission p : mode) {
            bits |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 and bit 0400, OTHERS_EXECUTE 8 and 0001
        }
        return String.format("%04o", bits);
    }

    private static String readOwner(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("\\d{1,19}") ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeOwner(FileChannel channel) throws IOException {
        channel.truncate(0);
        ByteBuffer pid = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        while (pid.hasRemaining()) {
            channel.write(pid, channel.size());
        }
        channel.force(true);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new StorageException("file storage at " + root + " is closed");
        }
    }

    /** The storage folder. */
    public Path root() {
        return root;
    }

    @Override
    public byte[] get(String key) {
        requireOpen();
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
        requireOpen();
        Path file = fileFor(key);
        Objects.requireNonNull(value, "value");
        structureLock.readLock().lock();
        try {
            Path dir = file.getParent();
            createFolders(dir);
            Path temp = dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(randomBytes(8)));
            try {
                // created 0600 by open(2) itself; the rename below keeps the mode
                try (FileChannel ch = FileChannel.open(temp,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileAttributes)) {
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
        requireOpen();
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
        requireOpen();
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
                    Files.createDirectory(next, folderAttributes);
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

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best-effort cleanup; a leftover temp file is never listed and is removed at the next open.
        }
    }
}
