package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code strongroom operator init}: initializes the server and prints the key shares and root token once.
 *
 * <p>vault-compat: the seal type is asked first ({@code sys/seal-status.recovery_seal}); under an auto seal only
 * the recovery flags are sent, under shamir only the key-share flags, so the defaults of the other kind never
 * make the server refuse the request.
 */
@Command(name = "init", description = "Initialize a server", mixinStandardHelpOptions = true)
final class OperatorInitCommand extends ClientCommand {

    @Option(names = {"-key-shares", "--key-shares"}, defaultValue = "5", paramLabel = "<int>",
            description = "Number of unseal key shares (shamir seal). Default: 5")
    int keyShares;

    @Option(names = {"-key-threshold", "--key-threshold"}, defaultValue = "3", paramLabel = "<int>",
            description = "Unseal key shares needed to unseal (shamir seal). Default: 3")
    int keyThreshold;

    @Option(names = {"-recovery-shares", "--recovery-shares"}, defaultValue = "5", paramLabel = "<int>",
            description = "Number of recovery key shares (auto seal). Default: 5")
    int recoveryShares;

    @Option(names = {"-recovery-threshold", "--recovery-threshold"}, defaultValue = "3", paramLabel = "<int>",
            description = "Recovery key shares needed (auto seal). Default: 3")
    int recoveryThreshold;

    @Option(names = {"-status", "--status"},
            description = "Only report: exit 0 if initialized, 2 if not, 1 on error")
    boolean statusOnly;

    OperatorInitCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return "initializing";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        if (statusOnly) {
            boolean initialized = client.get("/v1/sys/init").path("initialized").asBoolean();
            ctx.out().println(initialized ? "Vault is initialized" : "Vault is not initialized");
            return initialized ? 0 : 2;
        }
        boolean recovery = client.get("/v1/sys/seal-status").path("recovery_seal").asBoolean(false);
        Map<String, Object> request = new LinkedHashMap<>();
        if (recovery) {
            request.put("recovery_shares", recoveryShares);
            request.put("recovery_threshold", recoveryThreshold);
        } else {
            request.put("secret_shares", keyShares);
            request.put("secret_threshold", keyThreshold);
        }
        JsonNode response = client.put("/v1/sys/init", request);
        if (json) {
            printJson(machineOutput(response));
            return 0;
        }
        PrintWriter out = ctx.out();
        if (recovery) {
            printShares(out, "Recovery Key", response.path("recovery_keys_base64"));
        } else {
            printShares(out, "Unseal Key", response.path("keys_base64"));
        }
        out.println();
        out.println("Initial Root Token: " + response.path("root_token").asText());
        out.println();
        for (JsonNode w : response.path("warnings")) {
            out.println("WARNING! " + w.asText());
            out.println();
        }
        if (recovery) {
            printAutoSealText(out, response.path("recovery_keys_base64").size());
        } else {
            printShamirText(out);
        }
        return 0;
    }

    /**
     * vault-compat: {@code vault operator init -format=json} prints its own document, not the sys/init answer:
     * {@code unseal_keys_b64}, {@code unseal_keys_hex}, {@code unseal_shares}, {@code unseal_threshold},
     * {@code recovery_keys_b64}, {@code recovery_keys_hex}, {@code recovery_keys_shares},
     * {@code recovery_keys_threshold}, {@code root_token}. Key lists are always arrays. With no unseal keys back
     * (an auto seal keeps the root key itself) the unseal shares and threshold are 1, as Vault reports them; the
     * recovery numbers are the flag values.
     */
    Map<String, Object> machineOutput(JsonNode response) {
        java.util.List<String> keysHex = texts(response.path("keys"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unseal_keys_b64", texts(response.path("keys_base64")));
        out.put("unseal_keys_hex", keysHex);
        out.put("unseal_shares", keysHex.isEmpty() ? 1 : keyShares);
        out.put("unseal_threshold", keysHex.isEmpty() ? 1 : keyThreshold);
        out.put("recovery_keys_b64", texts(response.path("recovery_keys_base64")));
        out.put("recovery_keys_hex", texts(response.path("recovery_keys")));
        out.put("recovery_keys_shares", recoveryShares);
        out.put("recovery_keys_threshold", recoveryThreshold);
        out.put("root_token", response.path("root_token").asText(""));
        return out;
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static void printShares(PrintWriter out, String label, JsonNode shares) {
        int i = 1;
        for (JsonNode share : shares) {
            out.println(label + " " + i++ + ": " + share.asText());
        }
    }

    private void printAutoSealText(PrintWriter out, int shares) {
        out.println("Success! Vault is initialized");
        out.println();
        if (shares == 0) {
            out.println("No recovery key shares were generated: operations that need a recovery quorum are"
                    + " not available.");
            return;
        }
        out.println("Recovery key initialized with " + recoveryShares + " key shares and a key threshold of "
                + recoveryThreshold + ". Please");
        out.println("securely distribute the key shares printed above.");
        out.println();
        out.println("Recovery keys do not decrypt the root key: the seal (the KMS key) does. They authorize");
        out.println("operations such as unsealing after a manual seal, and the KMS key must stay available.");
    }

    private void printShamirText(PrintWriter out) {
        out.println("Vault initialized with " + keyShares + " key shares and a key threshold of " + keyThreshold
                + ". Please securely");
        out.println("distribute the key shares printed above. When the server is re-sealed, restarted or");
        out.println("stopped, at least " + keyThreshold + " of these keys must be supplied to unseal it before it"
                + " can serve requests.");
        out.println();
        out.println("The generated root key is not stored. Without at least " + keyThreshold + " keys to");
        out.println("reconstruct the root key, the server stays sealed for good!");
    }
}
