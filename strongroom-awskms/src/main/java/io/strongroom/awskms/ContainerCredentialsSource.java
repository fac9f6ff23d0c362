package io.strongroom.awskms;

import io.strongroom.base.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * ECS / EKS Pod Identity container credentials: a GET on the URI from {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}
 * (appended to {@code http://169.254.170.2}) or {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, with the
 * {@code Authorization} header from {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} (read on every fetch, it rotates)
 * or {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. Precedence as in the SDK: relative URI over full URI, token file over
 * token.
 *
 * <p>Why not the SDK's {@code ContainerCredentialsProvider}: its builder can set only the host; the URI and token are
 * read from process-wide system properties / environment variables, not from the env map given to
 * {@link KmsClientFactory}.
 *
 * <p>As in the SDK, a plain-http full URI must point at a loopback address or the ECS/EKS agent addresses, so a
 * mis-set variable cannot send the token to an arbitrary host.
 */
final class ContainerCredentialsSource extends RefreshingCredentialsProvider {

    static final String RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    static final String TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    static final String TOKEN_FILE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    private static final String ECS_HOST = "http://169.254.170.2";
    private static final Set<String> AGENT_HOSTS = Set.of("169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI uri;
    private final String token;
    private final Path tokenFile;
    private final HttpClient http;

    private ContainerCredentialsSource(URI uri, String token, Path tokenFile, Clock clock) {
        super(clock);
        this.uri = uri;
        this.token = token;
        this.tokenFile = tokenFile;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** True if the env map asks for container credentials. */
    static boolean configured(Map<String, String> env) {
        return isSet(env.get(RELATIVE_URI)) || isSet(env.get(FULL_URI));
    }

    /** Builds the source from the env map; a malformed or disallowed URI is a {@link ConfigException}. */
    static ContainerCredentialsSource fromEnv(Map<String, String> env, Clock clock) {
        URI uri;
        String var;
        if (isSet(env.get(RELATIVE_URI))) {
            var = RELATIVE_URI;
            String rel = env.get(RELATIVE_URI).trim();
            uri = parse(ECS_HOST + (rel.startsWith("/") ? rel : "/" + rel), var);
        } else {
            var = FULL_URI;
            uri = parse(env.get(FULL_URI).trim(), var);
            if ("http".equalsIgnoreCase(uri.getScheme()) && !allowedHttpHost(uri.getHost())) {
                throw new ConfigException("env " + var + ": plain http is allowed only to a loopback address or the "
                        + "ECS/EKS agent (169.254.170.2, 169.254.170.23), not " + uri.getHost() + "; use https");
            }
        }
        Path tokenFile = isSet(env.get(TOKEN_FILE)) ? Path.of(env.get(TOKEN_FILE).trim()) : null;
        String token = tokenFile == null && isSet(env.get(TOKEN)) ? env.get(TOKEN).trim() : null;
        return new ContainerCredentialsSource(uri, token, tokenFile, clock);
    }

    /** The URL without query, for reports. */
    String displayUri() {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    protected String fetchJson() {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET();
        String auth = token;
        if (tokenFile != null) {
            try {
                auth = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw SdkClientException.create("cannot read " + TOKEN_FILE + " " + tokenFile + ": " + e);
            }
        }
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw SdkClientException.create("HTTP " + r.statusCode() + " from " + displayUri());
            }
            return r.body();
        } catch (HttpTimeoutException e) {
            throw SdkClientException.create("timed out after " + Durations.format(TIMEOUT) + " at " + displayUri());
        } catch (IOException e) {
            throw SdkClientException.create(e.getClass().getSimpleName() + " at " + displayUri()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while fetching " + displayUri());
        }
    }

    private static URI parse(String s, String var) {
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getHost() == null
                    || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new ConfigException("env " + var + " is not an http(s) URL: " + s);
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("env " + var + " is not a valid URL: " + e.getMessage());
        }
    }

    private static boolean allowedHttpHost(String host) {
        if (AGENT_HOSTS.contains(host)) {
            return true;
        }
        try {
            // only literal addresses and names resolving to loopback; resolution of "localhost" is local
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }

    @Override
    public String toString() {
        return "ContainerCredentialsSource[" + displayUri() + "]";
    }
}
