package io.strongroom.awskms;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * KMS clients for tests, built the way production builds them for {@link SdkKmsPort}: SDK retries off (the port
 * retries), url-connection HTTP client, and an attempt timeout tests can shorten.
 */
final class TestKmsClients {

    static final String REGION = "us-east-1";

    private TestKmsClients() {}

    static KmsClient client(URI endpoint, Duration attemptTimeout) {
        return client(endpoint, attemptTimeout, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    static KmsClient client(URI endpoint, Duration attemptTimeout, AwsCredentialsProvider credentials) {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(attemptTimeout))
                .build();
    }

    /** A sleeper that records the backoff and returns at once, so retry tests take no wall time. */
    static final class RecordingSleeper implements KmsRetryPolicy.Sleeper {
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public synchronized void sleep(Duration duration) {
            sleeps.add(duration);
        }
    }
}
