package io.strongroom.server.metrics;

import io.micrometer.core.instrument.Timer;
import io.strongroom.barrier.Barrier;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Barrier} that times every {@code get}, {@code put}, {@code list} and {@code delete} (vault-compat:
 * {@code vault.barrier.*}); everything else passes straight through. The one place barrier metrics are taken.
 */
public final class TimedBarrier implements Barrier {

    private final Barrier delegate;
    private final Timer get;
    private final Timer put;
    private final Timer list;
    private final Timer delete;

    public TimedBarrier(Barrier delegate, ServerMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.get = metrics.barrierTimer("get");
        this.put = metrics.barrierTimer("put");
        this.list = metrics.barrierTimer("list");
        this.delete = metrics.barrierTimer("delete");
    }

    @Override
    public byte[] get(String path) {
        long start = System.nanoTime();
        try {
            return delegate.get(path);
        } finally {
            get.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void put(String path, byte[] value) {
        long start = System.nanoTime();
        try {
            delegate.put(path, value);
        } finally {
            put.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void delete(String path) {
        long start = System.nanoTime();
        try {
            delegate.delete(path);
        } finally {
            delete.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public List<String> list(String prefix) {
        long start = System.nanoTime();
        try {
            return delegate.list(prefix);
        } finally {
            list.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public boolean isInitialized() {
        return delegate.isInitialized();
    }

    @Override
    public void initialize(byte[] rootKey) {
        delegate.initialize(rootKey);
    }

    @Override
    public void unseal(byte[] rootKey) {
        delegate.unseal(rootKey);
    }

    @Override
    public void seal() {
        delegate.seal();
    }

    @Override
    public boolean isSealed() {
        return delegate.isSealed();
    }

    @Override
    public int rotate() {
        return delegate.rotate();
    }
}
