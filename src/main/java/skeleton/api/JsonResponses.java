package skeleton.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import skeleton.api.RequestValidator.Violation;

/**
 * Writes the API's JSON answers onto a Camel message: the result of a method, or
 * {@code {"errors":[{"field":"/id","problem":"..."}]}} with the status. The request's headers are dropped first so
 * that nothing a client sent (query parameters, credentials) is echoed back as a response header.
 */
public final class JsonResponses {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    public static void ok(Message message, Object result) {
        write(message, 200, result);
    }

    public static void error(Message message, int status, List<Violation> violations) {
        write(message, status, errorBody(violations, null));
    }

    /** The error body; {@code errorId} is added for a 500 so that the client can quote it. */
    public static Map<String, Object> errorBody(List<Violation> violations, String errorId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (errorId != null) {
            body.put("errorId", errorId);
        }
        body.put("errors", violations.stream().map(v -> {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("field", v.field());
            error.put("problem", v.problem());
            return error;
        }).toList());
        return body;
    }

    public static void write500(Message message, Map<String, Object> body) {
        write(message, 500, body);
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the result is not serializable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void write(Message message, int status, Object body) {
        String json = text(body);
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }
}
