package io.strongroom.testkit;

import io.strongroom.storage.Storage;
import io.strongroom.storage.StorageException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage that dies, or fails, at a chosen write: the tool for crash-point tests. Run a multi-write operation
 * once to count its writes ({@link #writes()}), then once per write N with {@link #crashAtWrite(int) crashAtWrite(N)}
 * and check that a restart over the same underlying storage reaches a usable state.
 *
 * <p>A <b>crash</b> ({@link Mode#KILL}) throws {@link SimulatedCrash}, an {@link Error} so that no
 * {@code catch (RuntimeException)} in the code under test can swallow it, before the Nth write is done; every later
 * call throws too (a dead process does nothing more). With a durable backend such as {@code FileStorage}, whose
 * every write is complete once it returns, the underlying storage then holds exactly what a SIGKILL at that moment
 * leaves. A <b>failure</b> ({@link Mode#FAIL}) throws {@link StorageException} for that one write (a full disk, an
 * I/O error) and lets the process go on: the code under test must stay consistent and retryable.
 *
 * <p>{@link #close()} closes the delegate even after a crash: it stands for the end of the process, which releases
 * what the process held (a file storage's folder lock), so the "restarted" process can open the same folder.
 */
public final class CrashPointStorage implements Storage, AutoCloseable {

    /** How the chosen write goes wrong. */
    public enum Mode { KILL, FAIL }

    /** The process "died" at a write. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    private final Storage delegate;
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int crashAt; // 0: never
    private volatile Mode mode = Mode.KILL;
    private volatile boolean dead;

    public CrashPointStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Arms the wrapper: write number {@code n} (1-based, counted from now) is not done and goes wrong. */
    public void crashAtWrite(int n, Mode how) {
        writes.set(0);
        crashAt = n;
        mode = how;
    }

    /** Same as {@code crashAtWrite(n, Mode.KILL)}. */
    public void crashAtWrite(int n) {
        crashAtWrite(n, Mode.KILL);
    }

    /** Counts writes from zero again, without arming. */
    public void resetCount() {
        writes.set(0);
        crashAt = 0;
    }

    /** Writes (puts and deletes) done or attempted since the last arm or reset. */
    public int writes() {
        return writes.get();
    }

    /** Whether the armed write was reached. */
    public boolean fired() {
        return dead || (crashAt > 0 && writes.get() >= crashAt);
    }

    private void beforeWrite(String op, String key) {
        alive();
        int n = writes.incrementAndGet();
        if (n == crashAt) {
            if (mode == Mode.KILL) {
                dead = true;
                throw new SimulatedCrash("simulated crash at write " + n + " (" + op + " " + key + ")");
            }
            throw new StorageException("simulated I/O failure at write " + n + " (" + op + " " + key + ")", null);
        }
    }

    private void alive() {
        if (dead) {
            throw new SimulatedCrash("the process has crashed");
        }
    }

    @Override
    public byte[] get(String key) {
        alive();
        return delegate.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        beforeWrite("put", key);
        delegate.put(key, value);
    }

    @Override
    public void delete(String key) {
        beforeWrite("delete", key);
        delegate.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
        alive();
        return delegate.list(prefix);
    }

    @Override
    public String type() {
        return delegate.type();
    }

    /** Closes the delegate if it is closeable (the crashed process is gone: its locks go with it). */
    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable c) {
            c.close();
        }
    }
}
