package io.strongroom.awskms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Base for the providers implemented here (instance metadata, container credentials): fetches temporary credentials
 * in the common JSON shape ({@code AccessKeyId}, {@code SecretAccessKey}, {@code Token}, {@code Expiration}) and
 * caches them until shortly before they expire, so a KMS call does not cost a metadata round trip.
 *
 * <p>Failures are not cached here; {@link CredentialChain} caches a failed resolution of the whole chain.
 */
abstract class RefreshingCredentialsProvider implements AwsCredentialsProvider {

    /** Refresh this long before expiry (the SDK uses similar margins), or half the remaining life if shorter. */
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** Without an Expiration field, fetch again after this long. */
    private static final Duration NO_EXPIRY_REFRESH = Duration.ofMinutes(15);

    private final Clock clock;
    private AwsCredentials cached;
    private Instant refreshAt = Instant.MIN;

    RefreshingCredentialsProvider(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Fetches the credentials JSON; throws an SdkClientException whose message is a short, secret-free reason. */
    protected abstract String fetchJson();

    @Override
    public final synchronized AwsCredentials resolveCredentials() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(refreshAt)) {
            return cached;
        }
        Map<String, JsonNode> o;
        try {
            o = JsonNode.parser().parse(fetchJson()).asObject();
        } catch (SdkClientException e) {
            throw e;
        } catch (RuntimeException e) {
            // the body holds secrets: never quote it
            throw SdkClientException.create("credentials response is not a JSON object");
        }
        String code = text(o, "Code");
        if (code != null && !"Success".equals(code)) {
            throw SdkClientException.create("credentials response Code=" + code + " (" + text(o, "Message") + ")");
        }
        String akid = text(o, "AccessKeyId");
        String secret = text(o, "SecretAccessKey");
        String session = text(o, "Token");
        if (akid == null || secret == null) {
            throw SdkClientException.create("credentials response lacks AccessKeyId or SecretAccessKey");
        }
        Instant expiration = null;
        String exp = text(o, "Expiration");
        if (exp != null) {
            try {
                expiration = Instant.parse(exp);
            } catch (DateTimeParseException e) {
                throw SdkClientException.create("credentials response has an unreadable Expiration: " + exp);
            }
        }
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder().accessKeyId(akid).secretAccessKey(secret)
                .sessionToken(session == null ? "" : session);
        if (expiration != null) {
            b.expirationTime(expiration);
        }
        AwsCredentials creds = session == null
                ? AwsBasicCredentials.create(akid, secret)
                : b.build();
        cached = creds;
        if (expiration == null) {
            refreshAt = now.plus(NO_EXPIRY_REFRESH);
        } else {
            Duration left = Duration.between(now, expiration);
            Duration margin = left.dividedBy(2).compareTo(REFRESH_MARGIN) < 0 ? left.dividedBy(2) : REFRESH_MARGIN;
            refreshAt = expiration.minus(margin);
        }
        return creds;
    }

    private static String text(Map<String, JsonNode> o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.text();
    }
}
