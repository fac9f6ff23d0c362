package io.strongroom.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the JSON bodies of {@code sys/init}, {@code sys/unseal} and {@code sys/seal} through the real listener:
 * arbitrary bytes, arbitrary JSON values, mutations of valid bodies and wrong types per field, in every seal
 * state. Whatever the body, the answer is a 2xx or a 400 with Vault's {@code {"errors": ["..."]}} body: never a
 * 500, a stack trace (in the answer or at WARN/ERROR in the log) or a hang (each request has a 5 s time-out).
 */
class SysBodyFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 500;
    private static final List<String> FIELDS = List.of("secret_shares", "secret_threshold", "stored_shares",
            "pgp_keys", "recovery_shares", "recovery_threshold", "recovery_pgp_keys", "root_token_pgp_key", "key",
            "reset", "migrate");

    private static HttpFixture awsKms;
    private static HttpFixture shamir;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    enum Endpoint {
        INIT_PUT("PUT", "/v1/sys/init"), INIT_POST("POST", "/v1/sys/init"), UNSEAL_PUT("PUT", "/v1/sys/unseal"),
        UNSEAL_POST("POST", "/v1/sys/unseal"), SEAL_PUT("PUT", "/v1/sys/seal"), SEAL_POST("POST", "/v1/sys/seal");

        final String method;
        final String path;

        Endpoint(String method, String path) {
            this.method = method;
            this.path = path;
        }
    }

    enum State { UNINITIALIZED, SEALED, SEALED_WITH_PROGRESS, UNSEALED }

    /** Log events at WARN and above, except the one warning sys/init gives on purpose for 0 recovery shares. */
    private static final ListAppender<ILoggingEvent> WARNINGS = new ListAppender<>();

    @BeforeContainer
    static void startServers() throws Exception {
        WARNINGS.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent e) {
                boolean expected = e.getLoggerName().equals(SysRoutes.class.getName())
                        && e.getFormattedMessage().contains(SysRoutes.ZERO_RECOVERY_SHARES_WARNING);
                return e.getLevel().isGreaterOrEqual(Level.WARN) && !expected ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        });
        WARNINGS.start();
        root().addAppender(WARNINGS);
        awsKms = new HttpFixture(FakeLifecycle.awsKms());
        shamir = new HttpFixture(FakeLifecycle.shamir());
    }

    /** Each property starts with a clean record, so a failure is reported by the property that caused it. */
    @BeforeProperty
    void forgetWarnings() {
        WARNINGS.list.clear();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @AfterContainer
    static void stopServers() {
        root().detachAppender(WARNINGS);
        if (awsKms != null) {
            awsKms.close();
        }
        if (shamir != null) {
            shamir.close();
        }
    }

    @Property(tries = TRIES)
    void arbitraryBytes_answer2xxOr400(@ForAll("endpoints") Endpoint endpoint, @ForAll("states") State state,
            @ForAll boolean autoSeal, @ForAll("bytes") byte[] body) throws Exception {
        check(endpoint, state, autoSeal, body);
    }

    @Property(tries = TRIES)
    void arbitraryJson_answer2xxOr400(@ForAll("endpoints") Endpoint endpoint, @ForAll("states") State state,
            @ForAll boolean autoSeal, @ForAll("jsonValues") String body) throws Exception {
        check(endpoint, state, autoSeal, body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = TRIES)
    void mutatedValidBodies_answer2xxOr400(@ForAll("endpoints") Endpoint endpoint, @ForAll("states") State state,
            @ForAll boolean autoSeal, @ForAll("mutatedBodies") String body) throws Exception {
        check(endpoint, state, autoSeal, body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = TRIES)
    void wrongTypePerField_answer2xxOr400(@ForAll("endpoints") Endpoint endpoint, @ForAll("states") State state,
            @ForAll boolean autoSeal, @ForAll("validBodies") String valid, @ForAll("fields") String field,
            @ForAll("jsonValues") String value) throws Exception {
        // a valid body with one field set to a value of any type (the field replaced, or added)
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(valid);
        node.set(field, JSON.readTree(value));
        check(endpoint, state, autoSeal, JSON.writeValueAsBytes(node));
    }

    private static void check(Endpoint endpoint, State state, boolean autoSeal, byte[] body) throws Exception {
        HttpFixture f = autoSeal ? awsKms : shamir;
        if (endpoint == Endpoint.SEAL_PUT || endpoint == Endpoint.SEAL_POST) {
            // sys/seal takes no body; with a root token it succeeds only while unsealed (503 otherwise, not a
            // body matter): fuzz it where the body is all that could go wrong
            state = State.UNSEALED;
        }
        reset(f.lifecycle, state);
        HttpRequest request = HttpRequest.newBuilder(URI.create(f.address + endpoint.path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-Vault-Token", FakeLifecycle.ROOT_TOKEN)
                .method(endpoint.method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String text = response.body();
        String what = endpoint + " " + state + (autoSeal ? " awskms" : " shamir") + " -> " + status + " " + text;
        assertThat(text).as(what).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(List.copyOf(WARNINGS.list)).as("log lines at WARN or ERROR after " + what)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        if (status >= 200 && status < 300) {
            return;
        }
        assertThat(status).as(what).isEqualTo(400);
        JsonNode errors = parse(text, what).get("errors");
        assertThat(errors).as(what).isNotNull();
        assertThat(errors.isArray() && errors.size() >= 1).as(what).isTrue();
        errors.forEach(e -> assertThat(e.isTextual() && !e.asText().isBlank()).as(what).isTrue());
    }

    private static JsonNode parse(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("answer is not JSON: " + what, e);
        }
    }

    private static void reset(FakeLifecycle lc, State state) {
        synchronized (lc) {
            lc.failWith = null;
            lc.lastInit = null;
            lc.submitted.clear();
            lc.standby = false;
            lc.initialized = state != State.UNINITIALIZED;
            lc.sealed = state != State.UNSEALED;
            lc.shares = lc.initialized ? 5 : 0;
            lc.threshold = lc.initialized ? 3 : 0;
            if (state == State.SEALED_WITH_PROGRESS) {
                lc.submitted.add(FakeLifecycle.share(4));
            }
        }
    }

    @Provide
    Arbitrary<Endpoint> endpoints() {
        return Arbitraries.of(Endpoint.class);
    }

    @Provide
    Arbitrary<State> states() {
        return Arbitraries.of(State.class);
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        // byte-order marks and UTF-16/32 patterns make Jackson guess another encoding
        Arbitrary<byte[]> encodings = Arbitraries.of(
                new byte[] {0, 0, 0, '{'}, new byte[] {0, 0, 0, '{', 0, 0, 0, '}'}, new byte[] {'{', 0, 0, 0},
                new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'}, new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF},
                new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, (byte) 0xD8, 0}, new byte[] {0, '{', (byte) 0xD8, 0},
                new byte[] {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3, '"', '}'},
                new byte[] {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        Arbitrary<byte[]> utf32 = jsonValue(2).map(s -> s.getBytes(java.nio.charset.Charset.forName("UTF-32")));
        Arbitrary<byte[]> utf16 = jsonValue(2).map(s -> s.getBytes(StandardCharsets.UTF_16LE));
        return Arbitraries.frequencyOf(Tuple.of(6, random), Tuple.of(2, encodings), Tuple.of(1, utf32),
                Tuple.of(1, utf16));
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return jsonValue(3);
    }

    @Provide
    Arbitrary<String> validBodies() {
        String hex1 = HexFormat.of().formatHex(FakeLifecycle.share(1));
        String b64 = Base64.getEncoder().encodeToString(FakeLifecycle.share(2));
        return Arbitraries.of(
                "{\"recovery_shares\":5,\"recovery_threshold\":3}",
                "{\"recovery_shares\":0,\"recovery_threshold\":0}",
                "{\"recovery_shares\":1,\"recovery_threshold\":1,\"recovery_pgp_keys\":[]}",
                "{\"secret_shares\":5,\"secret_threshold\":3,\"stored_shares\":1,\"pgp_keys\":[]}",
                "{\"secret_shares\":1,\"secret_threshold\":1,\"root_token_pgp_key\":\"\"}",
                "{\"key\":\"" + hex1 + "\"}",
                "{\"key\":\"" + b64 + "\",\"migrate\":false}",
                "{\"reset\":true}",
                "{}");
    }

    @Provide
    Arbitrary<String> mutatedBodies() {
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 5);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Character> ch = Arbitraries.oneOf(Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\\', '0', '-',
                'e', '.', 'n', 't', ' ', '\u0000', '\uD800', '\u00e9'), Arbitraries.chars());
        Arbitrary<String> one = Combinators.combine(validBodies(), op, where, ch).as(SysBodyFuzzTest::mutate);
        // several mutations in a row
        return one.flatMap(s -> Combinators.combine(op, where, ch).as((o, w, c) -> mutate(s, o, w, c)));
    }

    private static String mutate(String s, int op, double where, char c) {
        int i = (int) Math.min(s.length() - 1, Math.max(0, where * s.length()));
        if (s.isEmpty()) {
            return String.valueOf(c);
        }
        return switch (op) {
            case 0 -> s.substring(0, i) + s.substring(i + 1); // delete
            case 1 -> s.substring(0, i) + c + s.substring(i); // insert
            case 2 -> s.substring(0, i) + c + s.substring(i + 1); // replace
            case 3 -> s.substring(0, i); // truncate
            case 4 -> s.substring(0, i) + s.substring(i) + s.substring(i); // duplicate the tail
            default -> s.substring(i) + s.substring(0, i); // rotate
        };
    }

    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-2, 300).map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e999"),
                Arbitraries.of("1e400", "-0", "0.0", "1E2", "5.0", "99999999999999999999", "-9223372036854775809"));
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(24),
                Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofMinLength(30).ofMaxLength(70),
                Arbitraries.bytes().array(byte[].class).ofMinSize(14).ofMaxSize(36)
                        .map(b -> Base64.getEncoder().encodeToString(b)),
                Arbitraries.of("", "true", "5", "null", HexFormat.of().formatHex(FakeLifecycle.share(1))))
                .map(SysBodyFuzzTest::quote);
        Arbitrary<String> scalars = Arbitraries.oneOf(Arbitraries.of("null", "true", "false"), numbers, strings);
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> jsonValue(depth - 1));
        Arbitrary<String> arrays = inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(8))
                .map(SysBodyFuzzTest::quote);
        Arbitrary<String> members = Combinators.combine(keys, inner).as((k, v) -> k + ":" + v);
        Arbitrary<String> objects = members.list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(Tuple.of(3, scalars), Tuple.of(1, arrays), Tuple.of(4, objects));
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
