package io.strongroom.server;

import io.strongroom.awskms.AwsKmsDiagnosis;
import io.strongroom.base.StrongroomException;
import io.strongroom.server.config.SealBlock;
import io.strongroom.server.config.SealSelection;
import io.strongroom.server.config.ServerConfig;
import io.strongroom.server.config.ServerConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * {@code strongroom operator diagnose -config=FILE}: loads the configuration as the server would and checks the
 * seal without starting a server (see {@link AwsKmsDiagnosis} for the awskms steps). Exit 0 when every check
 * passed, 2 when one failed, 1 when the configuration cannot be read.
 */
public final class DiagnoseLauncher {

    private final Map<String, String> env;
    private final PrintWriter out;

    public DiagnoseLauncher(Map<String, String> env, PrintWriter out) {
        this.env = env;
        this.out = out;
    }

    public int run(List<Path> configs) {
        try {
            ServerConfig config = ServerConfigLoader.load(configs, false);
            out.println("[ ok ] configuration: " + ServerConfigLoader.expand(configs));
            SealSelection.EffectiveSeal seal = SealSelection.effective(config, env);
            out.println("[ ok ] seal: " + seal.type() + " (" + seal.reason() + ")");
            if (seal.awskms().isEmpty()) {
                out.println("Nothing to check with AWS KMS: the seal is shamir.");
                return 0;
            }
            List<SealSelection.HaSeal> ha = SealSelection.haSeals(config, env);
            if (!ha.isEmpty()) {
                // Seal HA (issue 10): every seal with its own environment; the worst outcome is the exit code
                int worst = 0;
                for (SealSelection.HaSeal h : ha) {
                    out.println("==> seal \"" + h.name() + "\" (priority " + h.priority() + ", " + h.block().pos()
                            + ")");
                    worst = Math.max(worst, new AwsKmsDiagnosis(out).run(h.block().body(), h.env(),
                            new SecureRandom()));
                }
                return worst;
            }
            Map<String, Object> block = seal.block().map(SealBlock::body).orElse(Map.of());
            return new AwsKmsDiagnosis(out).run(block, env, new SecureRandom());
        } catch (StrongroomException e) {
            out.println("[FAIL] configuration: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }
}
