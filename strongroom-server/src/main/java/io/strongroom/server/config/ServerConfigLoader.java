package io.strongroom.server.config;

import io.strongroom.base.ConfigException;
import io.strongroom.hcl.ConfigNode;
import io.strongroom.hcl.HclLexer;
import io.strongroom.hcl.HclParser;
import io.strongroom.hcl.JsonConfigParser;
import io.strongroom.hcl.Pos;
import io.strongroom.server.config.ServerConfigReader.FileConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a {@link ServerConfig} from the {@code -config} arguments: files and folders, HCL or JSON.
 *
 * <p>Merge rules (vault-compat: {@code server.Config.Merge}), applied in argument order and, inside a folder,
 * in file-name order: a top-level scalar set by a later file overrides; a later file's storage stanza
 * replaces the earlier one; a later file's seal stanzas replace all earlier ones; listeners append.
 * Stateless; safe to share.
 */
public final class ServerConfigLoader {

    /** One config source: its display name (used in messages; {@code .json} selects JSON) and its text. */
    public record Source(String name, String text) {
    }

    private ServerConfigLoader() {
    }

    /**
     * Reads every file named, expanding folders to their {@code *.hcl} and {@code *.json} files sorted by name.
     *
     * @param paths   files or folders, in {@code -config} order
     * @param devMode true in {@code -dev} mode, where no storage stanza is needed
     * @throws ConfigException with {@code FILE:LINE:COL} for content errors, or naming the path for IO errors
     */
    public static ServerConfig load(List<Path> paths, boolean devMode) {
        return load(paths, List.of(), devMode);
    }

    /**
     * As {@link #load(List, boolean)}, with more sources after the files (the text of {@code VAULT_LOCAL_CONFIG}).
     */
    public static ServerConfig load(List<Path> paths, List<Source> extra, boolean devMode) {
        List<Source> sources = new ArrayList<>();
        // with VAULT_LOCAL_CONFIG, no file is needed (as in Vault's image); without it, "no config file given"
        for (Path p : paths.isEmpty() && !extra.isEmpty() ? List.<Path>of() : expand(paths)) {
            try {
                sources.add(new Source(p.toString(), decode(p.toString(), Files.readAllBytes(p))));
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + p + ": " + e.getClass().getSimpleName(), e);
            }
        }
        sources.addAll(extra);
        return fromSources(sources, devMode);
    }

    /**
     * vault-compat: {@code VAULT_LOCAL_CONFIG}, configuration text in an environment variable (Vault's container
     * image writes it to {@code local.json} in its config folder). Read as one more config source, after the files;
     * named {@code VAULT_LOCAL_CONFIG.json} when it is a JSON object, {@code VAULT_LOCAL_CONFIG.hcl} otherwise, so
     * errors point into it by line and column. Empty when the variable is unset or blank.
     */
    public static List<Source> localConfig(java.util.Map<String, String> env) {
        String text = env.get("VAULT_LOCAL_CONFIG");
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String name = text.strip().startsWith("{") ? "VAULT_LOCAL_CONFIG.json" : "VAULT_LOCAL_CONFIG.hcl";
        return List.of(new Source(name, text));
    }

    /**
     * The bytes of a config file as text. Anything that is not UTF-8 is refused with the file, the line and column
     * of the first bad byte and its byte offset, instead of Java's {@code MalformedInputException}.
     */
    static String decode(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        out.flip();
        if (r.isError()) {
            String before = out.toString();
            int lastNewline = before.lastIndexOf('\n');
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            throw new ConfigException(new Pos(name, line, before.length() - lastNewline).error(
                    "not UTF-8 text: invalid byte at byte offset " + in.position()
                            + "; a config file is text, is this a binary file?"));
        }
        return out.toString();
    }

    /** The files {@link #load} would read, in the order it reads them. */
    public static List<Path> expand(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new ConfigException("no config file given (use -config FILE or -config FOLDER)");
        }
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> found = s.filter(f -> isConfigName(f) && Files.isRegularFile(f))
                            .sorted(Comparator.comparing(f -> f.getFileName().toString())).toList();
                    if (found.isEmpty()) {
                        throw new ConfigException("config folder " + p + " holds no *.hcl or *.json file");
                    }
                    files.addAll(found);
                } catch (IOException e) {
                    throw new ConfigException("cannot list config folder " + p + ": " + e.getClass().getSimpleName(), e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new ConfigException("config path " + p + " does not exist");
            }
        }
        return files;
    }

    private static boolean isConfigName(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".hcl") || n.endsWith(".json");
    }

    /** Parses one source: JSON when its name ends in {@code .json}, HCL otherwise (vault-compat: LoadConfigFile). */
    public static ConfigNode.ObjNode parse(Source s) {
        if (s.text().replace("\uFEFF", "").isBlank()) {
            // vault-compat: Vault reads an empty file as an empty config; here it is an error, since an empty file
            // is nearly always a failed copy or a wrong path, and the file is named so it can be found.
            throw new ConfigException(new Pos(s.name(), 1, 1).error("the config file is empty"));
        }
        int nul = s.text().indexOf('\0');
        if (nul >= 0) {
            throw HclLexer.nulError(s.name(), s.text(), nul);
        }
        return s.name().toLowerCase(Locale.ROOT).endsWith(".json")
                ? JsonConfigParser.parse(s.name(), s.text())
                : HclParser.parse(s.name(), s.text());
    }

    /** Parses, checks and merges sources given as text (the seam tests use). */
    public static ServerConfig fromSources(List<Source> sources, boolean devMode) {
        StorageConfig storage = null;
        List<ListenerConfig> listeners = new ArrayList<>();
        List<SealBlock> seals = new ArrayList<>();
        Map<String, Object> scalars = new LinkedHashMap<>();
        TelemetryConfig telemetry = TelemetryConfig.DEFAULT;
        for (Source s : sources) {
            FileConfig f = ServerConfigReader.read(parse(s));
            if (f.telemetry() != null) {
                telemetry = f.telemetry(); // vault-compat: a later file's telemetry stanza replaces an earlier one
            }
            if (f.storage() != null) {
                storage = f.storage();
            }
            listeners.addAll(f.listeners());
            if (!f.seals().isEmpty()) {
                seals = new ArrayList<>(f.seals());
            }
            scalars.putAll(f.scalars());
        }
        if (storage == null && !devMode) {
            throw new ConfigException(String.join(", ", sources.stream().map(Source::name).toList())
                    + ": a storage stanza is required, e.g. storage \"file\" { path = \"/var/lib/strongroom\" }");
        }
        checkSeals(seals);
        List<String> notes = new ArrayList<>();
        if (scalars.containsKey("disable_mlock")) {
            notes.add("disable_mlock is accepted for Vault compatibility but has no effect: the JVM cannot mlock "
                    + "its heap, so run with swap disabled or encrypted");
        }
        // accepted so that Vault configs load unchanged, but nothing in this version uses them: say so, not silently
        for (String key : List.of("cluster_addr", "default_lease_ttl", "max_lease_ttl")) {
            if (scalars.containsKey(key)) {
                notes.add(key + " is accepted for Vault compatibility but has no effect in this version");
            }
        }
        return new ServerConfig(Optional.ofNullable(storage), listeners, seals,
                (String) scalars.get("api_addr"), (String) scalars.get("cluster_addr"),
                (String) scalars.get("cluster_name"), (String) scalars.get("log_level"),
                (String) scalars.get("log_format"), (Duration) scalars.get("default_lease_ttl"),
                (Duration) scalars.get("max_lease_ttl"), (Boolean) scalars.get("ui"),
                Boolean.TRUE.equals(scalars.get("disable_mlock")), (String) scalars.get("pid_file"), notes,
                Boolean.TRUE.equals(scalars.get("disable_cache")) ? 0
                        : scalars.get("cache_size") instanceof Integer n ? n
                        : io.strongroom.storage.CachingStorage.DEFAULT_ENTRIES, telemetry,
                Boolean.TRUE.equals(scalars.get("disable_sealwrap")),
                Boolean.TRUE.equals(scalars.get("enable_multiseal")));
    }

    /**
     * A migration has one enabled and one disabled seal. Several enabled seals (Seal HA) are checked by
     * {@link SealSelection}, which also sees the environment ({@code VAULT_ENABLE_SEAL_HA_BETA}).
     */
    private static void checkSeals(List<SealBlock> seals) {
        SealBlock enabled = null;
        SealBlock disabled = null;
        for (SealBlock s : seals) {
            if (!s.disabled()) {
                if (enabled == null) {
                    enabled = s; // issue 10: several enabled seals (Seal HA) are checked by SealSelection
                }
            } else {
                if (disabled != null) {
                    throw new ConfigException(s.pos().error("a second disabled seal (the first is at "
                            + disabled.pos() + "): only one seal can be migrated from"));
                }
                disabled = s;
            }
        }
        if (enabled != null && disabled != null) {
            checkMigrationNames(enabled, disabled);
        }
    }

    /**
     * Issue 10: the old (disabled) and the new seal of a migration need distinct names (vault-compat: Vault 1.15+
     * requires them; a disabled seal without a name is called {@code <type>-disabled}).
     */
    private static void checkMigrationNames(SealBlock enabled, SealBlock disabled) {
        String name = SealSelection.sealName(enabled);
        if (name.equals(SealSelection.sealName(disabled))) {
            throw new ConfigException(enabled.pos().error("the enabled seal and the disabled seal (at "
                    + disabled.pos() + ") are both named \"" + name + "\": a seal migration needs distinct names for "
                    + "the old and the new seal"));
        }
    }
}
