package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strongroom operator rekey}: a new root key ({@code -target=barrier}, the default; under an auto seal
 * authorized by recovery shares and returning no shares) or new recovery key shares ({@code -target=recovery}).
 * vault-compat: Vault's flags: {@code -init -key-shares -key-threshold -verify -status -cancel -nonce -target}.
 */
@Command(name = "rekey", description = "Rotate the root key or rekey the recovery key shares",
        mixinStandardHelpOptions = true)
final class OperatorRekeyCommand extends ClientCommand {

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "Key share, hex or base64; prompted when absent")
    String key;

    @Option(names = {"-init", "--init"}, description = "Start a rekey")
    boolean init;

    @Option(names = {"-cancel", "--cancel"}, description = "Cancel the rekey in progress")
    boolean cancel;

    @Option(names = {"-status", "--status"}, description = "Print the status of the rekey")
    boolean status;

    @Option(names = {"-verify", "--verify"}, description = "With -init: require the new shares to be verified; "
            + "alone: submit a new share for verification")
    boolean verify;

    @Option(names = {"-key-shares", "--key-shares", "-n"}, description = "Number of new shares (default 5)")
    int keyShares = 5;

    @Option(names = {"-key-threshold", "--key-threshold", "-t"}, description = "Shares needed (default 3)")
    int keyThreshold = 3;

    @Option(names = {"-nonce", "--nonce"}, description = "The rekey's nonce (read from the status when absent)")
    String nonce;

    @Option(names = {"-target", "--target"}, description = "barrier (default) or recovery")
    String target = "barrier";

    @Option(names = {"-pgp-keys", "--pgp-keys"}, description = "Not supported")
    String pgpKeys;

    @Option(names = {"-backup", "--backup"}, description = "Not supported (needs PGP keys)")
    boolean backup;

    OperatorRekeyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return init ? "initializing rekey" : cancel ? "canceling rekey" : status ? "reading rekey status"
                : "providing unseal key";
    }

    private String base() {
        return switch (target) {
            case "barrier" -> "sys/rekey";
            case "recovery", "hsm" -> "sys/rekey-recovery-key";
            default -> throw new Failure(1, "Unknown target: " + target); // vault-compat
        };
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        String base = base();
        if (pgpKeys != null || backup) {
            throw new Failure(1, "-pgp-keys and -backup are not supported");
        }
        JsonNode answer;
        if (cancel) {
            client.write("DELETE", base + (verify ? "/verify" : "/init"), null);
            ctx.out().println("Success! Canceled rekeying (if it was started)");
            return 0;
        } else if (init) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("secret_shares", keyShares);
            body.put("secret_threshold", keyThreshold);
            body.put("require_verification", verify);
            if (target.equals("barrier")) {
                // vault-compat: the CLI sends 1/1 with stored_shares for a seal that stores its key (auto seal)
                body.put("secret_shares", 1);
                body.put("secret_threshold", 1);
                body.put("stored_shares", 1);
            }
            answer = client.put("/v1/" + base + "/init", body);
        } else if (status) {
            answer = client.get("/v1/" + base + (verify ? "/verify" : "/init"));
        } else {
            String path = "/v1/" + base + (verify ? "/verify" : "/init");
            String n = nonce;
            if (n == null || n.isEmpty()) {
                n = client.get(path).path("nonce").asText();
            }
            String share = key != null ? key : ctx.secretPrompt().apply("Key (will be hidden): ");
            if (share == null || share.isBlank()) {
                throw new UsageException("no key share given");
            }
            answer = client.put("/v1/" + base + (verify ? "/verify" : "/update"),
                    Map.of("key", share.trim(), "nonce", n));
        }
        if (json) {
            printJson(answer);
        } else {
            print(answer);
        }
        return 0;
    }

    private void print(JsonNode a) {
        if (a.path("complete").asBoolean(false)) {
            JsonNode keys = a.path("keys_base64");
            if (verify) {
                ctx.out().println("Success! Rekey verification successful. The new keys are in force.");
                return;
            }
            if (!keys.isArray() || keys.isEmpty()) {
                ctx.out().println("Success! Rotated the root key. The stored key is wrapped by the seal; there are "
                        + "no new shares.");
                return;
            }
            int i = 1;
            for (JsonNode k : keys) {
                ctx.out().println("Key " + i++ + ": " + k.asText());
            }
            ctx.out().println();
            ctx.out().println("Operation nonce: " + a.path("nonce").asText());
            if (a.path("verification_required").asBoolean()) {
                ctx.out().println();
                ctx.out().println("The new keys are not in force until verified: run 'operator rekey -verify"
                        + (target.equals("barrier") ? "" : " -target=" + target) + "' with "
                        + "enough of them. Verification nonce: " + a.path("verification_nonce").asText());
            } else {
                ctx.out().println();
                ctx.out().println("Vault rekeyed with " + keys.size() + " key shares and a key threshold of "
                        + keyThresholdOf(a) + ". Please securely distribute the key shares printed above.");
            }
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Key", "Value"));
        rows.add(List.of("Nonce", a.path("nonce").asText()));
        rows.add(List.of("Started", a.path("started").asText()));
        rows.add(List.of("Rekey Progress", a.path("progress").asText() + "/"
                + a.path(a.has("required") ? "required" : "t").asText()));
        if (a.has("n")) {
            rows.add(List.of("New Shares", a.path("n").asText()));
            rows.add(List.of("New Threshold", a.path("t").asText()));
        }
        if (a.has("verification_required")) {
            rows.add(List.of("Verification Required", a.path("verification_required").asText()));
        }
        printLines(Tables.table(rows));
    }

    private String keyThresholdOf(JsonNode a) {
        return String.valueOf(keyThreshold);
    }
}
