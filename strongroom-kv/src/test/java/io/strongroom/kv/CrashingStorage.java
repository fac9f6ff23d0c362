package io.strongroom.kv;

import io.strongroom.barrier.BarrierStorage;
import java.util.List;

/** A view wrapper that fails at its Nth write (put or delete), as a process crash at that point would. */
final class CrashingStorage implements BarrierStorage {

    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    private final BarrierStorage delegate;
    private int crashAt;
    private int writes;

    CrashingStorage(BarrierStorage delegate, int crashAt) {
        this.delegate = delegate;
        this.crashAt = crashAt;
    }

    /** Counts writes without failing (crashAt = 0). */
    static CrashingStorage counting(BarrierStorage delegate) {
        return new CrashingStorage(delegate, 0);
    }

    int writes() {
        return writes;
    }

    void disarm() {
        crashAt = 0;
    }

    private void write() {
        writes++;
        if (writes == crashAt) {
            throw new Crash();
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
