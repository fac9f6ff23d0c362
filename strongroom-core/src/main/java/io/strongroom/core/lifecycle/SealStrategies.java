package io.strongroom.core.lifecycle;

import io.strongroom.base.ConfigException;
import io.strongroom.seal.KeyWrapper;
import io.strongroom.seal.SealSet;
import io.strongroom.seal.ShamirKeyWrapper;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@link SealStrategy} for a configured seal type: the one place that maps a type name to behaviour.
 * {@code shamir} needs no wrapper; every other registered type is an auto seal over the wrappers the caller built
 * for it (the server builds awskms's from its config), the current one first.
 */
public final class SealStrategies {

    private static final Map<String, Function<SealSet, SealStrategy>> BY_TYPE = Map.of(
            ShamirKeyWrapper.TYPE, seals -> new ShamirSealStrategy(),
            "awskms", AutoSealStrategy::new);

    private SealStrategies() {
    }

    /** The shamir seal. */
    public static SealStrategy shamir() {
        return create(ShamirKeyWrapper.TYPE, List.of());
    }

    /** An auto seal over one wrapper of any type (tests use wrappers of their own). */
    public static SealStrategy auto(KeyWrapper wrapper) {
        return new AutoSealStrategy(SealSet.single(wrapper));
    }

    /**
     * @param type the seal type ({@code seal "TYPE"})
     * @param wrappers the wrappers of an auto seal, current first; empty for shamir
     * @throws ConfigException for an unknown type, or an auto seal without a wrapper
     */
    public static SealStrategy create(String type, List<KeyWrapper> wrappers) {
        return create(type, wrappers.isEmpty() ? null : wrappers.size() == 1 ? SealSet.single(wrappers.get(0))
                : new SealSet(1, java.util.stream.IntStream.range(0, wrappers.size())
                        .mapToObj(i -> new SealSet.Member(wrappers.get(i).type() + "-" + (i + 1), i + 1,
                                wrappers.get(i))).toList(), List.of(), java.time.Clock.systemUTC()));
    }

    /**
     * @param type the seal type ({@code seal "TYPE"})
     * @param seals the seals of an auto seal; null for shamir
     * @throws ConfigException for an unknown type, or an auto seal without seals
     */
    public static SealStrategy create(String type, SealSet seals) {
        Function<SealSet, SealStrategy> f = BY_TYPE.get(type);
        if (f == null) {
            throw new ConfigException("unsupported seal type \"" + type + "\"; supported: " + BY_TYPE.keySet());
        }
        try {
            return f.apply(seals);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("seal \"" + type + "\": " + e.getMessage());
        }
    }
}
