package io.strongroom.barrier;

import io.strongroom.storage.StorageException;
import java.util.List;

/**
 * Crash points above the barrier: a view that dies at its Nth write (put or delete), as the process would at that
 * point, and keeps failing every write after it (a dead process writes nothing more). Run an operation once with
 * {@link #counting} to count its writes, then once per N. Shared by the token store, KV, mount and audit crash
 * tests; {@code CrashPointStorage} (testkit) does the same below the barrier.
 */
public final class CrashingBarrierStorage implements BarrierStorage {

    /** The simulated crash: a storage failure, so code that handles I/O errors sees what it would see. */
    public static final class Crash extends StorageException {
        Crash(int write) {
            super("injected crash at write " + write);
        }
    }

    private final BarrierStorage delegate;
    private final int crashAt; // 0: never
    private int writes;

    /** @param crashAt the write (1-based) that fails, and every write after it; 0 for none */
    public CrashingBarrierStorage(BarrierStorage delegate, int crashAt) {
        this.delegate = delegate;
        this.crashAt = crashAt;
    }

    /** Counts writes without failing. */
    public static CrashingBarrierStorage counting(BarrierStorage delegate) {
        return new CrashingBarrierStorage(delegate, 0);
    }

    /** Writes attempted so far. */
    public int writes() {
        return writes;
    }

    private void write() {
        writes++;
        if (crashAt > 0 && writes >= crashAt) {
            throw new Crash(crashAt);
        }
    }

    @Override
    public byte[] get(String path) {
        return delegate.get(path);
    }

    @Override
    public void put(String path, byte[] value) {
        write();
        delegate.put(path, value);
    }

    @Override
    public void delete(String path) {
        write();
        delegate.delete(path);
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }
}
