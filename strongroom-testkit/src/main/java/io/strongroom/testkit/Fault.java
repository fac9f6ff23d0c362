package io.strongroom.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One programmable misbehaviour of a {@link KmsFaultProxy}: what to do ({@link Kind}), to which KMS operation
 * (or any), and how many times (or forever). Immutable; the {@code on}/{@code times}/{@code forever} methods
 * return copies, so a fault reads like a sentence:
 * {@code Fault.throttling().on("Decrypt").times(2)}.
 *
 * <p>KMS errors are answered the way KMS answers them (JSON protocol 1.1): HTTP 400 with
 * {@code {"__type":"AccessDeniedException","message":"..."}} and content type
 * {@code application/x-amz-json-1.1}, so the AWS SDK raises its modelled exception types.
 */
public final class Fault {

    /** What the proxy does with a matching request. */
    public enum Kind {
        /** Answer with {@link #status()} and {@link #body()} instead of forwarding. */
        REPLY,
        /** Wait {@link #delay()}, then forward (a slow KMS). */
        DELAY,
        /** Read the request, then close the connection without answering. */
        DROP,
        /**
         * Read the request, then keep the connection open without a byte of answer until the fault is cleared or the
         * proxy closes: a hung KMS (or a firewall that drops packets) for one operation, where
         * {@link KmsFaultProxy#blackHole} hangs every operation.
         */
        HANG
    }

    /** {@code times} value for a fault that never runs out. */
    public static final int FOREVER = -1;

    private final Kind kind;
    private final String operation;
    private final int times;
    private final int status;
    private final String body;
    private final Duration delay;

    private Fault(Kind kind, String operation, int times, int status, String body, Duration delay) {
        this.kind = kind;
        this.operation = operation;
        this.times = times;
        this.status = status;
        this.body = body;
        this.delay = delay;
    }

    /** A KMS error reply: HTTP {@code status} with {@code {"__type": type, "message": message}}. */
    public static Fault kmsError(int status, String type, String message) {
        String json = "{\"__type\":\"" + escape(type) + "\",\"message\":\"" + escape(message) + "\"}";
        return new Fault(Kind.REPLY, null, 1, status, json, Duration.ZERO);
    }

    /** A KMS error with HTTP 400, as KMS sends for client-side faults. */
    public static Fault kmsError(String type, String message) {
        return kmsError(400, type, message);
    }

    public static Fault accessDenied() {
        return kmsError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/test is not authorized to "
                + "perform this operation because no identity-based policy allows it (injected)");
    }

    public static Fault disabled() {
        return kmsError("DisabledException", "key is disabled (injected)");
    }

    public static Fault invalidState() {
        return kmsError("KMSInvalidStateException", "key is pending deletion (injected)");
    }

    public static Fault notFound() {
        return kmsError("NotFoundException", "Invalid keyId (injected)");
    }

    public static Fault throttling() {
        return kmsError("ThrottlingException", "Rate exceeded (injected)");
    }

    public static Fault incorrectKey() {
        return kmsError("IncorrectKeyException", "The key ID in the request does not identify the key that was "
                + "used to encrypt the ciphertext (injected)");
    }

    public static Fault invalidCiphertext() {
        return kmsError("InvalidCiphertextException", "");
    }

    /** HTTP 500 with {@code InternalFailure}, as an overloaded AWS front end answers. */
    public static Fault internalFailure() {
        return kmsError(500, "InternalFailure", "internal failure (injected)");
    }

    /** HTTP 500 with KMS's own {@code KMSInternalException}. */
    public static Fault kmsInternal() {
        return kmsError(500, "KMSInternalException", "internal error (injected)");
    }

    /** HTTP 503 with {@code KMSInternalException}. */
    public static Fault unavailable() {
        return kmsError(503, "KMSInternalException", "service unavailable (injected)");
    }

    /** Any reply, for example a well-formed 200 that lacks fields, to test response validation. */
    public static Fault reply(int status, String jsonBody) {
        return new Fault(Kind.REPLY, null, 1, status, jsonBody, Duration.ZERO);
    }

    /** Waits {@code delay} before forwarding: a slow KMS, or one slower than the client's attempt timeout. */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, null, 1, 0, null, Objects.requireNonNull(delay));
    }

    /** Reads the request and closes the connection without a byte of answer. */
    public static Fault drop() {
        return new Fault(Kind.DROP, null, 1, 0, null, Duration.ZERO);
    }

    /** Reads the request and never answers; the connection stays open until the faults are cleared. */
    public static Fault hang() {
        return new Fault(Kind.HANG, null, 1, 0, null, Duration.ZERO);
    }

    /**
     * Restricts the fault to one KMS operation, named as in the {@code X-Amz-Target} header without the
     * {@code TrentService.} prefix: {@code "Decrypt"}, {@code "Encrypt"}, {@code "DescribeKey"}.
     */
    public Fault on(String kmsOperation) {
        return new Fault(kind, Objects.requireNonNull(kmsOperation), times, status, body, delay);
    }

    /** Applies to the next {@code n} matching requests (default 1). */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + n);
        }
        return new Fault(kind, operation, n, status, body, delay);
    }

    /** Applies to every matching request until the proxy's faults are cleared. */
    public Fault forever() {
        return new Fault(kind, operation, FOREVER, status, body, delay);
    }

    public Kind kind() {
        return kind;
    }

    /** The operation it applies to, or null for every operation. */
    public String operation() {
        return operation;
    }

    /** How many matching requests it applies to, or {@link #FOREVER}. */
    public int times() {
        return times;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public Duration delay() {
        return delay;
    }

    boolean matches(String kmsOperation) {
        return operation == null || operation.equals(kmsOperation);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (operation == null ? " any" : " " + operation)
                + (times == FOREVER ? " forever" : " x" + times)
                + (kind == Kind.REPLY ? " " + status + " " + body : kind == Kind.DELAY ? " " + delay : "") + "]";
    }
}
