package io.strongroom.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself, before {@link ApiHandler} runs (an unparsable request line, an illegal URI, a
 * header too large), answered in Vault's {@code {"errors": [...]}} shape instead of Jetty's HTML page.
 *
 * <p>The text is the status's reason phrase only: Jetty's detail messages may quote the offending input.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        String reason = HttpStatus.getMessage(code);
        byte[] body = Json.mapper().writeValueAsBytes(new Wire.ErrorBody(
                reason == null ? java.util.List.of() : java.util.List.of(reason)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
