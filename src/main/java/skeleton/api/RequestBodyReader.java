package skeleton.api;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a POST/PUT body: checks the content type (415), the size (413), then parses the JSON with a nesting-depth
 * limit (400 for malformed JSON, duplicate keys, trailing text, too deep, or not an object).
 */
public final class RequestBodyReader {

    private final ObjectMapper mapper;
    private final long maxBytes;
    private final int maxDepth;

    public RequestBodyReader(long maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonNode read(String contentType, byte[] body) {
        if (!isJson(contentType)) {
            throw new ApiError(415, "Content-Type " + (contentType == null ? "is missing" : "\"" + contentType
                    + "\" is not supported") + "; send application/json");
        }
        if (body == null || body.length == 0) {
            throw new ApiError(400, "the body is empty; send a JSON object");
        }
        if (body.length > maxBytes) {
            throw new ApiError(413, "the body has " + body.length + " bytes, more than the limit of " + maxBytes);
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new ApiError(400, "the JSON is nested deeper than " + maxDepth + " levels");
        } catch (JsonParseException e) {
            throw new ApiError(400, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", ""));
        } catch (IOException e) {
            throw new ApiError(400, "malformed JSON: " + e.getMessage().replaceAll("(?s)\\s*at \\[Source.*", ""));
        }
        if (!node.isObject()) {
            throw new ApiError(400, "the body must be a JSON object, found " + JsonChecks.describe(node));
        }
        return node;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
