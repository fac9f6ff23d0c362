package io.strongroom.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The chain's order, failure messages and failure cache, with a hand-moved clock and no network. */
class CredentialChainTest {

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock();

    /** A provider that counts calls and fails while {@code failing} is set. */
    static final class Counting implements AwsCredentialsProvider {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean(true);
        final String akid;
        final String why;

        Counting(String akid, String why) {
            this.akid = akid;
            this.why = why;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            calls.incrementAndGet();
            if (failing.get()) {
                throw SdkClientException.create(why);
            }
            return AwsBasicCredentials.create(akid, "secret-" + akid);
        }
    }

    @Test
    void failureNamesEverySourceInOrderAndIsCachedUntilTheTtlEnds() {
        Counting remote = new Counting("AKIDREMOTE", "connection refused");
        CredentialChain chain = new CredentialChain(List.of(
                CredentialStep.skipped("static keys", "not configured"),
                CredentialStep.of("remote", "remote source", remote, false)), clock, Duration.ofSeconds(30), List.of());

        assertThatThrownBy(chain::resolveCredentials)
                .isInstanceOf(AwsCredentialsUnavailableException.class)
                .hasMessage("Unable to load credentials: no AWS credentials: static keys: not configured; "
                        + "remote: connection refused");
        clock.advance(Duration.ofSeconds(29));
        remote.failing.set(false);
        assertThatThrownBy(chain::resolveCredentials)
                .hasMessageStartingWith("Unable to load credentials: no AWS credentials: static keys: not configured; "
                        + "remote: connection refused [cached failure; next attempt in 1 s]");
        assertThat(remote.calls).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIDREMOTE");
        assertThat(chain.currentSource()).isEqualTo("remote source");
    }

    @Test
    void firstSourceThatYieldsWinsAndIsAskedDirectlyAfterwards() {
        Counting first = new Counting("AKID1", "profile \"default\" not found");
        Counting second = new Counting("AKID2", "unused");
        second.failing.set(false);
        CredentialChain chain = new CredentialChain(List.of(
                CredentialStep.of("one", "one", first, false),
                CredentialStep.of("two", "two", second, false)), clock, Duration.ofSeconds(30), List.of());

        assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKID2");
        assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKID2");
        assertThat(first.calls).hasValue(1);
        assertThat(second.calls).hasValue(2);

        // the winner breaks: the whole chain is walked again, and the first source now yields
        second.failing.set(true);
        first.failing.set(false);
        assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKID1");
        assertThat(chain.currentSource()).isEqualTo("one");
    }

    @Test
    void aTerminalSourceStopsTheChainAndSaysWhatWasNotTried() {
        Counting role = new Counting("ASIA", "AccessDenied from STS");
        Counting imds = new Counting("AKIDNODE", "unused");
        imds.failing.set(false);
        CredentialChain chain = new CredentialChain(List.of(
                CredentialStep.of("web identity (role r)", "web identity", role, true),
                CredentialStep.skipped("container credentials", "AWS_CONTAINER_CREDENTIALS_* not set"),
                CredentialStep.of("instance metadata", "instance metadata", imds, false)),
                clock, Duration.ofSeconds(30), List.of());

        assertThatThrownBy(chain::resolveCredentials)
                .hasMessage("Unable to load credentials: no AWS credentials: web identity (role r): AccessDenied from "
                        + "STS; not tried: container credentials, instance metadata (web identity (role r) is "
                        + "configured; it must not fall back to other credentials)");
        assertThat(imds.calls).as("never the node role").hasValue(0);
    }

    @Test
    void messagesKeepOnlyTheFirstLineOfAReason() {
        CredentialChain chain = new CredentialChain(List.of(CredentialStep.of("x", "x",
                new Counting("A", "first line\nSDK hint: lots of text"), false)), clock, Duration.ZERO, List.of());
        assertThatThrownBy(chain::resolveCredentials).hasMessageEndingWith("x: first line");
    }
}
