package io.strongroom.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.server.build.BuildInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code strongroom version} and its flag spellings; no server needed. */
class VersionCommandTest {

    // vault-compat: `vault version`, `vault -version`, `vault --version`, `vault -v` all print the version line
    @ParameterizedTest
    @ValueSource(strings = {"version", "-version", "--version", "-v"})
    void version_anySpelling_printsVersionLineAndExitsZero(String arg) {
        CliRunner.Result r = new CliRunner(null).run(arg);
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip())
                .isEqualTo(BuildInfo.versionLine())
                .matches("Strongroom v\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(([0-9a-f]{7,}|unknown)\\), built "
                        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
}
