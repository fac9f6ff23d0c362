package io.strongroom.token;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierStorage;
import io.strongroom.barrier.BarrierView;
import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.storage.InmemStorage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real barrier (AES-GCM over in-memory storage) seen through Vault's {@code sys/token/} view, and a clock. */
final class TokenFixture {

    static final Instant START = Instant.parse("2026-03-04T05:06:07.250Z");

    final SecureRandom random = new SecureRandom();
    final InmemStorage storage = new InmemStorage();
    final MutableClock clock = new MutableClock(START);
    final AesGcmBarrier barrier;
    final BarrierView view;

    TokenFixture() {
        barrier = new AesGcmBarrier(storage, random, clock);
        byte[] rootKey = new byte[32];
        random.nextBytes(rootKey);
        barrier.initialize(rootKey);
        barrier.unseal(rootKey);
        view = new BarrierView(barrier, "sys/token/");
    }

    TokenStore store() {
        return new TokenStore(view, random, clock);
    }

    TokenStore store(BarrierStorage over) {
        return new TokenStore(over, random, clock);
    }

    /** Every key under the view, recursively, relative to it. */
    List<String> allKeys() {
        List<String> out = new ArrayList<>();
        walk("", out);
        return out;
    }

    private void walk(String prefix, List<String> out) {
        for (String k : view.list(prefix)) {
            if (k.endsWith("/")) {
                walk(prefix + k, out);
            } else {
                out.add(prefix + k);
            }
        }
    }

    static Request request(Operation op, String rel, Map<String, Object> data, Caller caller, boolean sudo) {
        return new Request(UUID.randomUUID().toString(), op, "auth/token/" + rel, "auth/token/", data, caller, sudo,
                "127.0.0.1");
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
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
            return now;
        }
    }
}
