package io.strongroom.barrier;

import java.util.List;
import java.util.Objects;

/**
 * A barrier seen through a path prefix: what one mount may read and write ({@code logical/<mount uuid>/} for a
 * secrets engine, vault-compat: dataplane spec 4.3). Keys given to a view are relative to its prefix and cannot
 * leave it: the storage key rules forbid {@code ..} segments and leading slashes.
 */
public final class BarrierView implements BarrierStorage {

    private final BarrierStorage barrier;
    private final String prefix;

    /**
     * @param prefix ends in {@code /}, e.g. {@code logical/0b1c.../}
     */
    public BarrierView(BarrierStorage barrier, String prefix) {
        this.barrier = Objects.requireNonNull(barrier, "barrier");
        if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException("a view prefix is a folder path ending in '/'");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public byte[] get(String path) {
        return barrier.get(prefix + path);
    }

    @Override
    public void put(String path, byte[] value) {
        barrier.put(prefix + path, value);
    }

    @Override
    public void delete(String path) {
        barrier.delete(prefix + path);
    }

    @Override
    public List<String> list(String path) {
        return barrier.list(prefix + path);
    }
}
