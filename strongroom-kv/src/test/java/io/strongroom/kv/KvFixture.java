package io.strongroom.kv;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.barrier.BarrierView;
import io.strongroom.logical.Backend;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.storage.InmemStorage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** A real barrier (AES-GCM over in-memory storage), a mount view and a settable clock, plus request helpers. */
final class KvFixture {

    static final String MOUNT = "secret/";
    static final Instant T0 = Instant.parse("2024-05-06T07:08:09.123456789Z");

    final AesGcmBarrier barrier;
    final BarrierView view;
    final TestClock clock = new TestClock(T0);
    Backend backend;

    KvFixture(int version) {
        SecureRandom random = new SecureRandom();
        barrier = new AesGcmBarrier(new InmemStorage(), random, Clock.systemUTC());
        byte[] key = new byte[32];
        random.nextBytes(key);
        barrier.initialize(key);
        barrier.unseal(key);
        view = new BarrierView(barrier, "logical/" + UUID.randomUUID() + "/");
        backend = KvBackend.create(version, view, clock, KvBackend.DEFAULT_LEASE_TTL_SECONDS);
    }

    /** Rebuilds the backend over {@code storage} (e.g. a crashing wrapper of {@link #view}). */
    Backend backendOver(BarrierStorage storage, int version) {
        return KvBackend.create(version, storage, clock, KvBackend.DEFAULT_LEASE_TTL_SECONDS);
    }

    static Request request(Operation op, String relative, Map<String, Object> data) {
        return new Request(UUID.randomUUID().toString(), op, MOUNT + relative, MOUNT, data, null, false,
                "127.0.0.1");
    }

    Response call(Operation op, String relative, Map<String, Object> data) {
        return backend.handle(request(op, relative, data));
    }

    Response read(String relative) {
        return call(Operation.READ, relative, Map.of());
    }

    Response write(String relative, Map<String, Object> data) {
        return call(Operation.UPDATE, relative, data);
    }

    /** A v2 write of {@code data} with optional options. */
    Response put(String key, Map<String, Object> data) {
        return write("data/" + key, Map.of("data", data));
    }

    Response putCas(String key, Map<String, Object> data, Object cas) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("cas", cas);
        return write("data/" + key, Map.of("data", data, "options", options));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** Nullable-friendly map literal. */
    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    /** A clock tests move by hand. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
