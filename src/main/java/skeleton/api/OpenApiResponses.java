package skeleton.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The responses of the OpenAPI document: shared definitions under components/responses, and each operation's list. */
final class OpenApiResponses {

    private static final String[][] SHARED = {
        {"BadRequest", "The request is invalid: every problem, each with its field"},
        {"Unauthorized", "No valid credentials: the same body whatever the reason, with WWW-Authenticate: Bearer"},
        {"Forbidden", "Authenticated, but without any of the roles the endpoint requires"},
        {"PayloadTooLarge", "The body is over MAX_BODY_BYTES"},
        {"UnsupportedMediaType", "The body is not application/json"},
        {"ServerError", "The method failed; errorId names the entry in the log"},
    };

    private OpenApiResponses() {
    }

    static ObjectNode shared() {
        ObjectNode responses = JsonResponses.MAPPER.createObjectNode();
        for (String[] r : SHARED) {
            ObjectNode response = responses.putObject(r[0]);
            response.put("description", r[1]);
            response.putObject("content").putObject("application/json").putObject("schema")
                    .put("$ref", "#/components/schemas/Errors");
        }
        return responses;
    }

    static ObjectNode of(HttpVerb verb, boolean secured) {
        ObjectNode responses = JsonResponses.MAPPER.createObjectNode();
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "What the endpoint's method returned");
        ok.putObject("content").putObject("application/json").putObject("schema");
        ref(responses, "400", "BadRequest");
        if (secured) {
            ref(responses, "401", "Unauthorized");
            ref(responses, "403", "Forbidden");
        }
        if (verb.hasBody()) {
            ref(responses, "413", "PayloadTooLarge");
            ref(responses, "415", "UnsupportedMediaType");
        }
        ref(responses, "500", "ServerError");
        return responses;
    }

    private static void ref(ObjectNode responses, String status, String name) {
        responses.putObject(status).put("$ref", "#/components/responses/" + name);
    }
}
