package io.strongroom.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TokenConcurrencyTest {

    @Test
    void use_fromManyThreads_neverGrantsMoreThanNumUses() throws Exception {
        TokenFixture fx = new TokenFixture();
        TokenStore store = fx.store();
        IssuedToken t = store.create(new NewToken(null, List.of("default"), "auth/token/create", null, "token", 5,
                3600, 0, 0, true), null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(() -> store.lookup(t.token()).map(store::use).orElse(false));
            }
            int granted = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                granted += f.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rfc3339Nano_trimsTrailingZeros_andOmitsWholeSecondFraction() {
        assertThat(TokenResponses.rfc3339Nano(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(TokenResponses.rfc3339Nano(Instant.parse("2026-01-02T03:04:05.120Z")))
                .isEqualTo("2026-01-02T03:04:05.12Z");
        assertThat(TokenResponses.rfc3339Nano(Instant.parse("2026-01-02T03:04:05.000000001Z")))
                .isEqualTo("2026-01-02T03:04:05.000000001Z");
    }
}
