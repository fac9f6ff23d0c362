package io.strongroom.postgres;

import io.strongroom.base.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A Vault {@code connection_url} turned into what pgjdbc takes: a {@code jdbc:postgresql://host:port/db} URL
 * without credentials, and {@link Properties} holding user, password, sslmode and the rest. Three input forms:
 * <ul>
 *   <li>libpq URL: {@code postgres://user:pass@host:5432/db?sslmode=disable} (also {@code postgresql://});</li>
 *   <li>key=value DSN: {@code host=h port=5432 dbname=db user=u password=p sslmode=disable};</li>
 *   <li>{@code jdbc:postgresql://...} as is.</li>
 * </ul>
 * Immutable. {@link #toString()} and {@link #describe()} never show the password.
 */
record JdbcTarget(String url, Properties properties) {

    static JdbcTarget parse(String connectionUrl) {
        String s = connectionUrl.trim();
        if (s.startsWith("jdbc:postgresql:")) {
            return new JdbcTarget(s, new Properties());
        }
        if (s.startsWith("postgres://") || s.startsWith("postgresql://")) {
            return fromUri(s);
        }
        if (s.contains("=")) {
            return fromDsn(s);
        }
        throw new ConfigException("connection_url must be a postgres:// URL or a key=value connection string");
    }

    private static JdbcTarget fromUri(String s) {
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            // the URL may hold a password: say where, not what
            throw new ConfigException("connection_url is not a valid URL (at index " + e.getIndex() + ")");
        }
        Properties p = new Properties();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            p.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                p.setProperty("password", decode(userInfo.substring(colon + 1)));
            }
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : decode(uri.getRawPath().substring(1));
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    option(p, decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return new JdbcTarget(jdbcUrl(host, port, db.isEmpty() ? p.getProperty("user", "postgres") : db), p);
    }

    private static JdbcTarget fromDsn(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        // libpq: key=value pairs separated by spaces; a value may be single-quoted (and then hold spaces)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([A-Za-z_]+)\\s*=\\s*('((?:[^'\\\\]|\\\\.)*)'|\\S*)")
                .matcher(s);
        int end = 0;
        while (m.find() && m.start() == end) {
            kv.put(m.group(1), m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2));
            end = m.end();
        }
        if (end != s.length()) {
            throw new ConfigException("connection_url: expected key=value pairs separated by spaces");
        }
        Properties p = new Properties();
        String host = kv.getOrDefault("host", "localhost");
        int port;
        try {
            port = Integer.parseInt(kv.getOrDefault("port", "5432"));
        } catch (NumberFormatException e) {
            throw new ConfigException("connection_url: port must be a number");
        }
        for (Map.Entry<String, String> e : kv.entrySet()) {
            switch (e.getKey()) {
                case "host", "port", "dbname" -> { }
                default -> option(p, e.getKey(), e.getValue());
            }
        }
        return new JdbcTarget(jdbcUrl(host, port, kv.getOrDefault("dbname", p.getProperty("user", "postgres"))), p);
    }

    /** libpq option names to pgjdbc's; unknown ones are passed through (pgjdbc ignores what it does not know). */
    private static void option(Properties p, String key, String value) {
        switch (key) {
            case "connect_timeout" -> p.setProperty("connectTimeout", value);
            case "application_name" -> p.setProperty("ApplicationName", value);
            case "sslrootcert", "sslcert", "sslkey", "sslmode", "user", "password" -> p.setProperty(key, value);
            default -> p.setProperty(key, value);
        }
    }

    private static String jdbcUrl(String host, int port, String db) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + java.net.URLEncoder.encode(db, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code host:port/db}, for error messages: never the user's password. */
    String describe() {
        return url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("\\?.*$", "");
    }

    @Override
    public String toString() {
        return "JdbcTarget[" + describe() + "]";
    }
}
