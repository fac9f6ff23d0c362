package io.strongroom.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: static files from the class path folder {@code ui/} (inside the server jar), served at {@code /ui/}.
 * {@code /} and {@code /ui} redirect to {@code /ui/} (vault-compat: Vault answers {@code /} with a 307 to
 * {@code /ui/} when {@code ui = true}). The UI is a client of the {@code /v1/} API like any other: this route
 * serves files only, never data, and takes no token.
 *
 * <p>Security: every file is sent with a strict Content-Security-Policy (scripts and styles from this origin only,
 * no inline code, no framing, connections to this origin only) and {@code X-Frame-Options: DENY} (set for every
 * answer by {@link ApiHandler}). File names are checked against a plain pattern before the class path is asked,
 * so no {@code ..} or encoded separator can reach another resource. Thread-safe: files are cached once read.
 */
final class UiRoute {

    /** The UI's URL prefix. */
    static final String PREFIX = "/ui/";

    /**
     * No inline script or style anywhere (the UI sets styles through classes, values through textContent), no
     * plugins, no base-tag tricks, no form posts elsewhere, no framing. {@code img-src data:} is for nothing but
     * the favicon placeholder browsers ask for.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final Pattern FILE = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.(html|js|css|svg|txt)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");

    private final ClassLoader loader;
    private final String folder;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    UiRoute(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder;
    }

    /** The UI packaged in the server jar (the folder {@code ui/} next to the server's classes). */
    static UiRoute fromClassPath() {
        return new UiRoute(UiRoute.class.getClassLoader(), "ui/");
    }

    /** Answers a request for a path outside {@code /v1/}. */
    ApiResponse handle(String method, String path) {
        if (path.equals("/") || path.equals("/ui")) {
            return new ApiResponse(307, new ApiResponse.Page("text/plain; charset=utf-8", new byte[0],
                    Map.of("Location", PREFIX)));
        }
        if (!path.startsWith(PREFIX)) {
            return new ApiResponse(404, new Wire.ErrorBody(null));
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return new ApiResponse(405, new Wire.ErrorBody(null));
        }
        String name = path.substring(PREFIX.length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        if (!FILE.matcher(name).matches()) {
            return new ApiResponse(404, new Wire.ErrorBody(null));
        }
        Optional<byte[]> bytes = read(name);
        if (bytes.isEmpty()) {
            return new ApiResponse(404, new Wire.ErrorBody(null));
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return new ApiResponse(200, new ApiResponse.Page(type, bytes.get(),
                Map.of("Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer")));
    }

    private Optional<byte[]> read(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(folder + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            cache.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the UI file " + name, e);
        }
    }
}
