package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strongroom.core.lifecycle.KeyAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strongroom operator generate-root}: a new root token from a quorum of recovery key shares (auto seal) or
 * unseal key shares (shamir). vault-compat: Vault's flags and flow: {@code -init} starts (and prints the OTP the
 * server generated), each holder then runs it with their share, and {@code -decode=<encoded> -otp=<otp>} turns
 * the encoded token into the token.
 */
@Command(name = "generate-root", description = "Generate a new root token from key shares",
        mixinStandardHelpOptions = true)
final class OperatorGenerateRootCommand extends ClientCommand {

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "Key share, hex or base64; prompted when absent")
    String key;

    @Option(names = {"-init", "--init"}, description = "Start a root token generation")
    boolean init;

    @Option(names = {"-cancel", "--cancel"}, description = "Cancel the generation in progress")
    boolean cancel;

    @Option(names = {"-status", "--status"}, description = "Print the status of the attempt")
    boolean status;

    @Option(names = {"-otp", "--otp"}, description = "The OTP for -init (optional: the server makes one) or -decode")
    String otp;

    @Option(names = {"-decode", "--decode"}, description = "Decode this encoded token with -otp, locally")
    String decode;

    @Option(names = {"-generate-otp", "--generate-otp"}, description = "Print a new OTP, locally")
    boolean generateOtp;

    @Option(names = {"-nonce", "--nonce"}, description = "The attempt's nonce (read from the status when absent)")
    String nonce;

    @Option(names = {"-pgp-key", "--pgp-key"}, description = "Not supported: use an OTP")
    String pgpKey;

    OperatorGenerateRootCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    String doing() {
        return init ? "initializing root generation" : decode != null ? "decoding root token"
                : cancel ? "canceling root token generation" : status ? "getting root generation status"
                : "providing unseal key";
    }

    @Override
    int run(ApiClient client, boolean json) throws Exception {
        if (decode != null) {
            if (otp == null || otp.isEmpty()) {
                throw new Failure(1, "Missing -otp flag for decoding"); // vault-compat
            }
            String encoded = decode.equals("-") ? new String(ctx.in().readAllBytes()).trim() : decode;
            try {
                ctx.out().println(KeyAdmin.decodeToken(encoded, otp));
            } catch (io.strongroom.base.InvalidRequestException e) {
                throw new Failure(2, "Error decoding root token: " + e.getMessage());
            }
            return 0;
        }
        if (generateOtp) {
            byte[] random = new byte[KeyAdmin.OTP_LENGTH];
            new java.security.SecureRandom().nextBytes(random);
            String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            StringBuilder sb = new StringBuilder();
            for (byte b : random) {
                sb.append(alphabet.charAt((b & 0xff) % alphabet.length()));
            }
            ctx.out().println(sb);
            return 0;
        }
        if (pgpKey != null) {
            throw new Failure(1, "-pgp-key is not supported: use -otp (or let -init generate one)");
        }
        JsonNode answer;
        if (cancel) {
            client.write("DELETE", "sys/generate-root/attempt", null);
            ctx.out().println("Success! Root token generation canceled (if it was started)");
            return 0;
        } else if (init) {
            answer = client.put("/v1/sys/generate-root/attempt", otp == null ? Map.of() : Map.of("otp", otp));
        } else if (status) {
            answer = client.get("/v1/sys/generate-root/attempt");
        } else {
            String n = nonce;
            if (n == null || n.isEmpty()) {
                n = client.get("/v1/sys/generate-root/attempt").path("nonce").asText();
            }
            String share = key != null ? key : ctx.secretPrompt().apply("Unseal Key (will be hidden): ");
            if (share == null || share.isBlank()) {
                throw new UsageException("no key share given");
            }
            answer = client.put("/v1/sys/generate-root/update", Map.of("key", share.trim(), "nonce", n));
        }
        if (json) {
            printJson(answer);
        } else {
            printLines(rows(answer));
        }
        return 0;
    }

    /** vault-compat: the rows of Vault's generate-root status table. */
    static List<String> rows(JsonNode s) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Nonce", s.path("nonce").asText()));
        rows.add(List.of("Started", s.path("started").asText()));
        rows.add(List.of("Progress", s.path("progress").asText() + "/" + s.path("required").asText()));
        rows.add(List.of("Complete", s.path("complete").asText()));
        if (!s.path("encoded_token").asText().isEmpty()) {
            rows.add(List.of("Encoded Token", s.path("encoded_token").asText()));
        }
        if (!s.path("otp").asText().isEmpty()) {
            rows.add(List.of("OTP", s.path("otp").asText()));
        }
        rows.add(List.of("OTP Length", s.path("otp_length").asText()));
        return Tables.columns(rows);
    }
}
