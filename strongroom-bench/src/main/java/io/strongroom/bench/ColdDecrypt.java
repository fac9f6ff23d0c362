package io.strongroom.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The floor of the start-up benchmark, run in a fresh JVM: build a KMS client (url-connection HTTP client,
 * static credentials, endpoint override, as the server does) and make one {@code Decrypt}; print "done" the
 * moment it returns. Args: endpoint, file with the ciphertext blob.
 */
public final class ColdDecrypt {
    private ColdDecrypt() {}

    public static void main(String[] args) throws Exception {
        byte[] blob = Files.readAllBytes(Path.of(args[1]));
        try (KmsClient kms = KmsClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build()) {
            int n = kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))).plaintext().asByteArray().length;
            System.out.println("done " + n);
            System.out.flush();
        }
    }
}
