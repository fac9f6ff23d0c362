package io.strongroom.awskms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Builders for configs, env maps and canned AWS answers shared by the tests. */
final class TestSupport {
    private TestSupport() {}

    static final String BLOCK = "seal \"awskms\" block";

    /** A config from Vault names to settings; anything not given is unset. */
    static AwsKmsSealConfig config(Map<String, Setting> s) {
        return new AwsKmsSealConfig(
                get(s, "kms_key_id"), get(s, "region"), get(s, "endpoint"), get(s, "access_key"),
                get(s, "secret_key"), get(s, "session_token"), get(s, "shared_creds_filename"),
                get(s, "shared_creds_profile"), get(s, "role_arn"), get(s, "web_identity_token_file"),
                get(s, "role_session_name"), false);
    }

    static Setting block(String v) {
        return new Setting(v, BLOCK, false);
    }

    static Setting secret(String v, String source) {
        return new Setting(v, source, true);
    }

    private static Setting get(Map<String, Setting> s, String k) {
        return s.getOrDefault(k, Setting.unset());
    }

    /** An env map with instance metadata disabled and HOME pointing at {@code home}: no test reaches 169.254.169.254. */
    static Map<String, String> env(String home, String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("HOME", home);
        m.put("AWS_EC2_METADATA_DISABLED", "true");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    static String describeKeyJson(String region) {
        return "{\"KeyMetadata\":{\"KeyId\":\"k1\",\"Arn\":\"arn:aws:kms:" + region
                + ":123456789012:key/k1\",\"KeyState\":\"Enabled\",\"AWSAccountId\":\"123456789012\"}}";
    }

    /** A fake KMS answering every call as DescribeKey. */
    static LocalHttp fakeKms() throws java.io.IOException {
        return new LocalHttp(r -> LocalHttp.Resp.ok("application/x-amz-json-1.1", describeKeyJson("eu-west-1")));
    }

    static String credsJson(String akid, String secret, String token, Instant expiration) {
        return "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + akid + "\",\"SecretAccessKey\":\""
                + secret + "\",\"Token\":\"" + token + "\",\"Expiration\":\"" + expiration + "\"}";
    }

    /** The access key id in a SigV4 Authorization header: {@code Credential=AKID/date/region/service/aws4_request}. */
    static String signedAccessKey(LocalHttp.Req r) {
        String auth = r.header("Authorization");
        if (auth == null) {
            return null;
        }
        int i = auth.indexOf("Credential=");
        return auth.substring(i + "Credential=".length(), auth.indexOf('/', i));
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
