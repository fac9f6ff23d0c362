package io.strongroom.server.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data arguments of {@code write}, {@code kv put} and friends (spec 8, vault-compat: Vault's kvbuilder):
 * <ul>
 *   <li>{@code key=value}: a string;</li>
 *   <li>{@code key=@file}: the file's content as a string; {@code key=-}: all of standard input as a string;</li>
 *   <li>{@code @file.json} or {@code -} alone: a whole JSON object, from the file or standard input, merged in;</li>
 *   <li>a key given twice becomes a list of its values.</li>
 * </ul>
 * Standard input can be read once; a second use is an error. Relative files resolve against {@code baseDir}.
 */
final class ArgData {

    private final InputStream stdin;
    private final Path baseDir;
    private boolean stdinUsed;

    ArgData(InputStream stdin, Path baseDir) {
        this.stdin = stdin;
        this.baseDir = baseDir;
    }

    /** Parses {@code args}; throws {@link UsageException} with the reason (the caller adds Vault's prefix). */
    Map<String, Object> parse(List<String> args) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("-")) {
                mergeJson(result, readStdin(), "stdin");
                continue;
            }
            if (arg.startsWith("@")) {
                mergeJson(result, readFile(arg.substring(1)), arg.substring(1));
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new UsageException("invalid key/value pair \"" + arg + "\": format must be key=value");
            }
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (value.equals("-")) {
                value = readStdin();
            } else if (value.startsWith("@")) {
                value = readFile(value.substring(1));
            }
            add(result, key, value);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> result, String key, Object value) {
        Object existing = result.get(key);
        if (existing == null && !result.containsKey(key)) {
            result.put(key, value);
            return;
        }
        List<Object> list = new ArrayList<>();
        if (existing instanceof List<?> l) {
            list.addAll((List<Object>) l);
        } else {
            list.add(existing);
        }
        list.add(value);
        result.put(key, list);
    }

    private static void mergeJson(Map<String, Object> result, String text, String source) {
        Map<String, Object> object;
        try {
            object = ApiClient.JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UsageException("error parsing JSON from " + source + ": it must hold one JSON object");
        }
        if (object == null) {
            throw new UsageException("error parsing JSON from " + source + ": it must hold one JSON object");
        }
        object.forEach((k, v) -> add(result, k, v));
    }

    private String readStdin() {
        if (stdinUsed) {
            // vault-compat: kvbuilder reads standard input once
            throw new UsageException("stdin already consumed");
        }
        stdinUsed = true;
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("error reading stdin: " + e.getMessage());
        }
    }

    private String readFile(String name) {
        if (name.isEmpty()) {
            throw new UsageException("no file name after @");
        }
        Path file = baseDir.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("error reading file \"" + name + "\": no such file");
        } catch (IOException e) {
            throw new UsageException("error reading file \"" + name + "\": " + e.getMessage());
        }
    }
}
