package io.strongroom.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal client of the Vault HTTP API for the CLI. The token goes in {@code X-Vault-Token} and is never
 * printed; errors become {@link ApiErrorException} (the server answered) or {@link ConnectionFailedException}
 * (it could not be reached).
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String address;
    private final String token;
    private final HttpClient http;

    ApiClient(String address, String token) {
        this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String address() {
        return address;
    }

    /** GET; the parsed body. */
    JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** PUT with a JSON body; the parsed body, or null for 204. */
    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    private JsonNode send(String method, String path, Object body) {
        String url = address + path;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid address \"" + address + "\": " + e.getMessage(), e);
        }
        try {
            byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
            request.header("Content-Type", "application/json");
            if (token != null) {
                request.header("X-Vault-Token", token);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : parse(response.body());
            if (response.statusCode() >= 400) {
                throw new ApiErrorException(method, url, response.statusCode(), errors(json));
            }
            return json;
        } catch (IOException e) {
            throw new ConnectionFailedException(method, url, address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException(method, url, address, e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            // A proxy or another server answered; the status still tells the story.
            return null;
        }
    }

    private static List<String> errors(JsonNode json) {
        List<String> errors = new ArrayList<>();
        if (json != null && json.get("errors") != null) {
            json.get("errors").forEach(e -> errors.add(e.asText()));
        }
        return errors;
    }
}
