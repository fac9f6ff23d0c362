package io.strongroom.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.UnsupportedPathException;
import io.strongroom.router.MountConflictException;
import io.strongroom.router.NoRouteException;
import io.strongroom.base.PermissionDeniedException;
import io.strongroom.base.SealedException;
import io.strongroom.seal.SealAccessException;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an exception into an HTTP status and a {@code {"errors": [...]}} body. It decides by
 * exception type only, never by message text.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><td>{@link MountConflictException}</td><td>409, message kept</td></tr>
 *   <tr><td>{@link InvalidRequestException}</td><td>400, message kept</td></tr>
 *   <tr><td>{@link NoRouteException}</td><td>404 {@code no handler for route ...}</td></tr>
 *   <tr><td>{@link UnsupportedPathException}, {@link OperationUnsupportedException}</td><td>404, 405, in Vault's
 *       multierror form</td></tr>
 *   <tr><td>Jackson parse/type error</td><td>400, names the field, never echoes the body</td></tr>
 *   <tr><td>{@link PermissionDeniedException}</td><td>403, its message (Vault's texts, see the class)</td></tr>
 *   <tr><td>{@link RequestTooLargeException}</td><td>413</td></tr>
 *   <tr><td>{@link BodyNotReceivedException}</td><td>400; not logged here (the client is gone; the request's
 *       DEBUG line says why), never a stack trace</td></tr>
 *   <tr><td>{@link ServerBusyException}</td><td>503: the bodies in transit fill the server's budget</td></tr>
 *   <tr><td>{@link SealedException}</td><td>503 "Vault is sealed"</td></tr>
 *   <tr><td>{@link io.strongroom.storage.NotLeaderException}</td><td>503, message kept: the write was refused
 *       because this node lost leadership; retrying reaches the new active node</td></tr>
 *   <tr><td>{@link SealAccessException}</td><td>500, message kept: it is actionable and holds no secret</td></tr>
 *   <tr><td>anything else</td><td>500, generic message; the cause is logged</td></tr>
 * </table>
 */
final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    static final String INTERNAL = "internal error; see the server log";

    /** Maps {@code error} to a response; never throws. */
    ApiResponse map(Throwable error) {
        if (error instanceof UnsupportedMediaTypeException) {
            return error(415, error.getMessage());
        }
        if (error instanceof MountConflictException) {
            return error(409, error.getMessage());
        }
        if (error instanceof InvalidRequestException) {
            return error(400, error.getMessage());
        }
        if (error instanceof NoRouteException) {
            return error(404, error.getMessage());
        }
        if (error instanceof UnsupportedPathException || error instanceof OperationUnsupportedException) {
            // vault-compat: dataplane spec 1.4, Go errors reach the client in the multierror form
            return error(error instanceof UnsupportedPathException ? 404 : 405, multierror(error.getMessage()));
        }
        if (error instanceof JsonProcessingException json) {
            return error(400, describeJsonError(json));
        }
        if (error instanceof PermissionDeniedException) {
            return error(403, error.getMessage());
        }
        if (error instanceof RequestTooLargeException) {
            return error(413, error.getMessage());
        }
        if (error instanceof BodyNotReceivedException) {
            // a client that hangs up or stalls mid-body is routine and costs nothing to cause: no log line here
            return error(400, error.getMessage());
        }
        if (error instanceof ServerBusyException) {
            return error(503, error.getMessage());
        }
        if (error instanceof SealedException) {
            return error(503, "Vault is sealed");
        }
        if (error instanceof io.strongroom.storage.NotLeaderException) {
            // HA: this node lost leadership mid-request; nothing was written, a retry reaches the new active node
            return error(503, error.getMessage());
        }
        if (error instanceof SealAccessException) {
            LOG.warn("seal access failed: {}", error.getMessage());
            return error(500, error.getMessage());
        }
        // Other messages may carry internals (paths, storage details): log them, answer generically.
        LOG.error("request failed", error);
        return error(500, INTERNAL);
    }

    /** vault-compat: how Vault's core wraps a handler's Go error (dataplane spec 1.4). */
    static String multierror(String message) {
        return "1 error occurred:\n\t* " + message + "\n\n";
    }

    static ApiResponse error(int status, String message) {
        return new ApiResponse(status, new Wire.ErrorBody(message == null ? List.of() : List.of(message)));
    }

    /**
     * Says which field is wrong without quoting input: Jackson's own messages include a snippet of the body,
     * which may be a key share.
     */
    static String describeJsonError(JsonProcessingException e) {
        String prefix = "failed to parse JSON input: ";
        if (e instanceof MismatchedInputException mismatch) {
            String field = fieldPath(mismatch.getPath());
            if (field.isEmpty()) {
                return prefix + "the body must be a JSON object";
            }
            return prefix + "\"" + field + "\" must be " + describeType(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return prefix + "\"" + fieldPath(mapping.getPath()) + "\" is invalid";
        }
        return prefix + "malformed JSON";
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describeType(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
