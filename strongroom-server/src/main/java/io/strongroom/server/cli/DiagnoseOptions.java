package io.strongroom.server.cli;

import java.util.List;

/**
 * The parsed options of {@code strongroom operator diagnose}.
 *
 * @param configPaths {@code -config} values in order: files or folders
 */
public record DiagnoseOptions(List<String> configPaths) {
    public DiagnoseOptions {
        configPaths = List.copyOf(configPaths);
    }
}
