package io.strongroom.server.cli;

import java.util.List;

/** The server answered with an error status; the message is Vault's CLI error block. */
final class ApiErrorException extends RuntimeException {

    private final int status;
    private final List<String> errors;

    ApiErrorException(String method, String url, int status, List<String> errors) {
        super(format(method, url, status, errors));
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    int status() {
        return status;
    }

    List<String> errors() {
        return errors;
    }

    // vault-compat: api.ResponseError's text, which the Vault CLI prints after "Error <doing>: "
    private static String format(String method, String url, int status, List<String> errors) {
        StringBuilder sb = new StringBuilder("Error making API request.\n\n");
        sb.append("URL: ").append(method).append(' ').append(url).append('\n');
        sb.append("Code: ").append(status).append(". ");
        if (errors.isEmpty()) {
            sb.append("No error messages.");
        } else {
            sb.append("Errors:\n\n");
            for (String e : errors) {
                sb.append("* ").append(e).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }
}
