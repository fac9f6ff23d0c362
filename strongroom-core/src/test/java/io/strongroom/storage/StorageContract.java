package io.strongroom.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.base.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every {@link Storage} backend must pass. A backend's test extends this class and
 * implements {@link #newStorage()}, which must return an empty storage each time it is called.
 *
 * <p>Published in the strongroom-core test-jar so that backends in other modules (PostgreSQL) run it too.
 */
public abstract class StorageContract {

    /** Returns a new, empty storage. Called once before each test. */
    protected abstract Storage newStorage() throws Exception;

    protected Storage storage;

    @BeforeEach
    void setUpStorage() throws Exception {
        storage = newStorage();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void get_absentKey_returnsNull() {
        assertThat(storage.get("nothing/here")).isNull();
    }

    @Test
    void put_thenGet_returnsSameBytes() {
        storage.put("foo", utf8("bar"));
        assertThat(storage.get("foo")).isEqualTo(utf8("bar"));
    }

    @Test
    void put_existingKey_overwrites() {
        storage.put("a/b", utf8("one"));
        storage.put("a/b", utf8("two"));
        assertThat(storage.get("a/b")).isEqualTo(utf8("two"));
    }

    @Test
    void put_emptyValue_storedAndDistinctFromAbsent() {
        storage.put("empty", new byte[0]);
        assertThat(storage.get("empty")).isNotNull().isEmpty();
        assertThat(storage.list("")).containsExactly("empty");
    }

    @Test
    void put_allByteValues_roundTrips() {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        storage.put("bin/all", all);
        assertThat(storage.get("bin/all")).isEqualTo(all);
    }

    @Test
    void put_oneMebibyte_roundTrips() {
        byte[] big = new byte[1 << 20];
        new Random(42).nextBytes(big);
        storage.put("big/value", big);
        assertThat(storage.get("big/value")).isEqualTo(big);
    }

    @Test
    void putAndGet_copyValues_callerCannotAlterStoredBytes() {
        byte[] v = utf8("abc");
        storage.put("k", v);
        v[0] = 'X';
        byte[] read = storage.get("k");
        read[1] = 'Y';
        assertThat(storage.get("k")).isEqualTo(utf8("abc"));
    }

    @Test
    void delete_removesValue_andAbsentIsFine() {
        storage.put("x/y", utf8("1"));
        storage.delete("x/y");
        assertThat(storage.get("x/y")).isNull();
        storage.delete("x/y");
        storage.delete("never/was");
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.list("x/")).isEmpty();
    }

    @Test
    void list_nestedPrefixes_returnsDirectChildrenSortedWithFolderSlashes() {
        storage.put("a", utf8("1"));
        storage.put("a/b", utf8("2"));
        storage.put("a/c/d", utf8("3"));
        storage.put("a/c/e", utf8("4"));
        storage.put("a/c/f/g", utf8("5"));
        storage.put("a-z", utf8("6"));
        storage.put("b/x", utf8("7"));

        assertThat(storage.list("")).containsExactly("a", "a-z", "a/", "b/");
        assertThat(storage.list("a/")).containsExactly("b", "c/");
        assertThat(storage.list("a/c/")).containsExactly("d", "e", "f/");
        assertThat(storage.list("a/c/f/")).containsExactly("g");
        assertThat(storage.list("a/c/f/g/")).isEmpty();
        assertThat(storage.list("zzz/")).isEmpty();
    }

    @Test
    void list_prefixWithoutSlash_isTreatedAsFolder() {
        storage.put("p/q", utf8("1"));
        storage.put("pq", utf8("2"));
        assertThat(storage.list("p")).containsExactly("q");
    }

    @Test
    void list_afterDeletingLastChild_folderDisappears() {
        storage.put("f/g/h", utf8("1"));
        storage.put("f/i", utf8("2"));
        storage.delete("f/g/h");
        assertThat(storage.list("f/")).containsExactly("i");
        storage.delete("f/i");
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void keys_valueAndFolderSameName_coexist() {
        storage.put("same", utf8("v"));
        storage.put("same/child", utf8("c"));
        storage.put("_same/child", utf8("u"));
        storage.put("_same", utf8("w"));
        assertThat(storage.get("same")).isEqualTo(utf8("v"));
        assertThat(storage.get("same/child")).isEqualTo(utf8("c"));
        assertThat(storage.get("_same")).isEqualTo(utf8("w"));
        assertThat(storage.get("_same/child")).isEqualTo(utf8("u"));
        assertThat(storage.list("")).containsExactly("_same", "_same/", "same", "same/");
    }

    @Test
    void keys_unusualButValidCharacters_roundTrip() {
        List<String> keys = List.of(".hidden", "a/.b/c", "~tilde/x", "sp ace/ü/日本", ".tmp-lookalike", "a/_b/_c");
        for (String k : keys) {
            storage.put(k, utf8(k));
        }
        for (String k : keys) {
            assertThat(storage.get(k)).as(k).isEqualTo(utf8(k));
        }
        assertThat(storage.list("")).contains(".hidden", ".tmp-lookalike", "~tilde/", "sp ace/", "a/");
        assertThat(storage.list("a/")).containsExactly(".b/", "_b/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a/", "a//b", "../a", "a/../b", "a/..", "./a", "a/./b", "a\0b", "/"})
    void invalidKeys_rejectedEverywhere(String key) {
        assertThatThrownBy(() -> storage.get(key)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> storage.put(key, new byte[1])).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a/", "a//", "../", "a/../"})
    void list_invalidPrefix_rejected(String prefix) {
        assertThatThrownBy(() -> storage.list(prefix)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void type_isNamed() {
        assertThat(storage.type()).isNotBlank();
    }

    // ---- concurrency ------------------------------------------------------------------------------------

    /** A value that proves its own integrity: 8-byte length, payload, SHA-256 of length and payload. */
    static byte[] selfChecking(Random rnd, int maxPayload) {
        byte[] payload = new byte[rnd.nextInt(maxPayload + 1)];
        rnd.nextBytes(payload);
        ByteBuffer buf = ByteBuffer.allocate(8 + payload.length + 32);
        buf.putLong(payload.length).put(payload);
        buf.put(sha256(Arrays.copyOf(buf.array(), 8 + payload.length)));
        return buf.array();
    }

    /** True if {@code value} is a whole value made by {@link #selfChecking}. */
    static boolean isWhole(byte[] value) {
        if (value.length < 40) {
            return false;
        }
        long len = ByteBuffer.wrap(value).getLong();
        if (len != value.length - 40L) {
            return false;
        }
        byte[] body = Arrays.copyOf(value, value.length - 32);
        return MessageDigest.isEqual(sha256(body), Arrays.copyOfRange(value, value.length - 32, value.length));
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void concurrentPutsAndGets_eightThreadsOverlappingKeys_neverTorn() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    start.await();
                    for (int i = 0; i < 150; i++) {
                        String key = "conc/" + (rnd.nextInt(6)) + "/k" + rnd.nextInt(3);
                        if (rnd.nextBoolean()) {
                            storage.put(key, selfChecking(rnd, 20_000));
                        } else if (rnd.nextInt(10) == 0) {
                            storage.delete(key);
                        } else {
                            byte[] v = storage.get(key);
                            if (v != null && !isWhole(v)) {
                                failures.add("torn value at " + key);
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        for (String folder : storage.list("conc/")) {
            for (String leaf : storage.list("conc/" + folder)) {
                assertThat(isWhole(storage.get("conc/" + folder + leaf))).isTrue();
            }
        }
    }

    @Test
    void list_whileWriting_showsOnlyValidNames() throws Exception {
        Set<String> allowedTop = Set.of("w0/", "w1/", "w2/", "w3/", "stable");
        storage.put("lw/stable", new byte[] {1});
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            Random rnd = new Random(7);
            int i = 0;
            while (!stop.get() && i++ < 2_000) {
                String key = "lw/w" + rnd.nextInt(4) + "/k" + rnd.nextInt(5);
                if (rnd.nextInt(3) == 0) {
                    storage.delete(key);
                } else {
                    storage.put(key, selfChecking(rnd, 256));
                }
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 300 && writer.isAlive(); i++) {
                List<String> top = storage.list("lw/");
                if (!allowedTop.containsAll(top) || !top.contains("stable")) {
                    failures.add("unexpected top listing " + top);
                }
                for (String folder : top) {
                    if (folder.endsWith("/")) {
                        for (String leaf : storage.list("lw/" + folder)) {
                            if (!leaf.matches("k[0-4]")) {
                                failures.add("unexpected leaf " + leaf);
                            }
                        }
                    }
                }
            }
        } finally {
            stop.set(true);
            writer.join(60_000);
        }
        assertThat(failures).isEmpty();
    }
}
