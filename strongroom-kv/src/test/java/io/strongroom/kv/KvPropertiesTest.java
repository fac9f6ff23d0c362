package io.strongroom.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.logical.Operation;
import io.strongroom.logical.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Generated JSON bodies: merge-patch laws, and any data body round-trips through a real barrier unchanged. */
class KvPropertiesTest {

    private static final KvFixture KV = new KvFixture(2);

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        return object(3);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Map<String, Object>, Map<String, Object>>> targetsAndPatches() {
        return Arbitraries.of(true).flatMap(x -> object(3).flatMap(t -> patch(3).map(p -> Tuple.of(t, p))));
    }

    private Arbitrary<Map<String, Object>> object(int depth) {
        Arbitrary<Object> value = depth == 0 ? scalar() : Arbitraries.frequencyOf(
                Tuple.of(5, scalar()), Tuple.of(1, object(depth - 1).map(o -> (Object) o)),
                Tuple.of(1, scalar().list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l))));
        return Arbitraries.maps(keys(), value).ofMaxSize(4).map(LinkedHashMap::new);
    }

    private Arbitrary<Map<String, Object>> patch(int depth) {
        Arbitrary<Object> value = depth == 0 ? scalarOrNull() : Arbitraries.frequencyOf(
                Tuple.of(4, scalarOrNull()), Tuple.of(1, patch(depth - 1).map(o -> (Object) o)));
        return Arbitraries.maps(keys(), value).ofMaxSize(4).map(LinkedHashMap::new);
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.of("a", "b", "c", "d", "\u00e9", "k k");
    }

    private static Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l), Arbitraries.of(true, false).map(b -> (Object) b));
    }

    private static Arbitrary<Object> scalarOrNull() {
        return Arbitraries.frequencyOf(Tuple.of(4, scalar()), Tuple.of(1, Arbitraries.just(null)));
    }

    @Property(tries = 300)
    void mergePatch_isIdempotent(@ForAll("targetsAndPatches") Tuple.Tuple2<Map<String, Object>,
            Map<String, Object>> tp) {
        Object once = MergePatch.apply(tp.get1(), tp.get2());
        assertThat(MergePatch.apply(once, tp.get2())).isEqualTo(once);
    }

    @Property(tries = 300)
    @SuppressWarnings("unchecked")
    void mergePatch_nullRemoves_scalarsReplace_absentKeysKept(@ForAll("targetsAndPatches")
            Tuple.Tuple2<Map<String, Object>, Map<String, Object>> tp) {
        Map<String, Object> target = tp.get1();
        Map<String, Object> patch = tp.get2();
        Map<String, Object> result = (Map<String, Object>) MergePatch.apply(target, patch);
        patch.forEach((k, v) -> {
            if (v == null) {
                assertThat(result).doesNotContainKey(k);
            } else if (!(v instanceof Map)) {
                assertThat(result).containsEntry(k, v);
            }
        });
        target.forEach((k, v) -> {
            if (!patch.containsKey(k)) {
                assertThat(result).containsEntry(k, v);
            }
        });
        assertThat(MergePatch.apply(target, Map.of())).isEqualTo(target);
    }

    @Property(tries = 200)
    @SuppressWarnings("unchecked")
    void anyDataBody_readsBackEqual(@ForAll("objects") Map<String, Object> data) {
        KV.put("prop", data);
        Response r = KV.call(Operation.READ, "data/prop", Map.of());
        assertThat(normalize((Map<String, Object>) r.data().get("data"))).isEqualTo(normalize(data));
    }

    /** Integers may come back as Integer or Long; compare by value. */
    private static Object normalize(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, normalize(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(KvPropertiesTest::normalize).toList();
        }
        if (o instanceof Integer i) {
            return i.longValue();
        }
        return o;
    }
}
