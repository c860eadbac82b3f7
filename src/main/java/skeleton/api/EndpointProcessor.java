package skeleton.api;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import skeleton.api.EndpointMap.Endpoint;
import skeleton.api.RequestValidator.Violation;

/**
 * Serves one endpoint and method: runs the guard first (nothing of the request is read for a caller it refuses),
 * reads the request (JSON body, or query parameters for GET/DELETE), validates it against the model, calls the bound
 * method with the request, the operation name and the caller, and answers its result as JSON. Refusals answer their status with every problem; other failures propagate to
 * {@link ServerErrorResponder}.
 */
public final class EndpointProcessor implements Processor {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Endpoint endpoint;
    private final HttpVerb verb;
    private final RequestBodyReader bodyReader;
    private final QueryParameters query;
    private final RequestValidator validator;
    private final ApiGuard guard;
    private final ExecMethodBinder.Invoker invoker;

    public EndpointProcessor(Endpoint endpoint, HttpVerb verb, RequestBodyReader bodyReader, EndpointMap map,
                             ApiGuard guard, ExecMethodBinder.Invoker invoker) {
        this.endpoint = endpoint;
        this.verb = verb;
        this.bodyReader = bodyReader;
        this.query = new QueryParameters(map.model(endpoint.modelName()));
        this.validator = new RequestValidator(map.model(endpoint.modelName()));
        this.guard = guard;
        this.invoker = invoker;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        try {
            Caller caller = guard.check(message instanceof HttpMessage http ? http.getRequest() : null, endpoint);
            JsonNode request = verb.hasBody()
                    ? bodyReader.read(message.getHeader(Exchange.CONTENT_TYPE, String.class), message.getBody(byte[].class))
                    : query.read(message.getHeader(Exchange.HTTP_RAW_QUERY, String.class));
            List<Violation> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ApiError(400, violations);
            }
            Map<String, Object> fields = JsonResponses.MAPPER.convertValue(request, MAP);
            Object result = invoker.invoke(fields, endpoint.operationName(), caller);
            JsonResponses.ok(message, result);
        } catch (ApiError refused) {
            JsonResponses.error(message, refused.status(), refused.violations());
            refused.headers().forEach(message::setHeader);
        }
    }
}
