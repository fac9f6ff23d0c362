package io.strongroom.server.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: version, git commit and build date, read from {@code build.properties} (filled in by
 * Maven resource filtering; the commit by git-commit-id-maven-plugin). Kept apart from the server classes so
 * that the CLI can print its version without loading any of them.
 *
 * <p>Format of {@code build.properties} (one key per line, Java properties syntax): {@code version} (the Maven
 * project version), {@code commit} (abbreviated git commit, with {@code -dirty} when the work tree had changes),
 * {@code build_date} (UTC, RFC 3339). A value the build could not fill in (no git, a jar without the resource)
 * reads as {@code unknown}.
 */
public final class BuildInfo {

    private static final Properties BUILD = load();
    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = value("version");
    /** The abbreviated git commit the build was made from, or {@code unknown} outside a git work tree. */
    public static final String COMMIT = value("commit");
    /** When this build was made, UTC, RFC 3339. */
    public static final String BUILD_DATE = value("build_date");

    private BuildInfo() {}

    /**
     * The version line, as Vault's CLI prints its own: {@code Strongroom v0.1.0 (abc1234), built 2026-...}.
     */
    // vault-compat: "Vault v1.15.0 (commit), built 2023-09-22T16:53:10Z" from `vault version`
    public static String versionLine() {
        return "Strongroom v" + VERSION + " (" + COMMIT + "), built " + BUILD_DATE;
    }

    private static String value(String key) {
        String v = BUILD.getProperty(key, "").trim();
        // an unfilled placeholder (${...}) means Maven had no value for it: a build outside git, say
        return v.isEmpty() || v.contains("${") ? "unknown" : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a jar without the resource: everything reads "unknown"
        }
        return p;
    }
}
