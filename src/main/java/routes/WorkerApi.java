package routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The example API method, named in {@code maps/endpoint.json} by {@code "exec_method": {"module_name":
 * "routes.WorkerApi", "method_name": "process"}}. It runs the stream side's processor (the bean {@code PROCESSOR}
 * names) through Camel.
 *
 * <p>In: {@code request} is the request after validation against the endpoint's model (the JSON body of a POST or
 * PUT, the query parameters of a GET or DELETE), {@code operation} the endpoint's {@code operation_name}, and
 * {@code caller} who called, as the security check established it: {@code scheme} ({@code oauth2}, {@code apikey},
 * {@code none} on a public endpoint, {@code disabled} under DISABLE_SECURITY), {@code name} (the token's user name or
 * subject, or the API key's name), {@code subject} and {@code client} (from a token), {@code roles} (a list). A
 * method may take {@code String caller} instead, and then receives the name only.
 *
 * <p>Out: what is returned is sent as the JSON response with status 200. An exception gives a 500 whose error id
 * is in the log.
 *
 * <p>The request is wrapped as the processor expects a joined message: {@code {"id": ..., "content": {the other
 * fields}, "topics": []}}, with the header {@code consumerName} = {@code "api:" + operation}.
 */
public class WorkerApi implements CamelContextAware {

    private CamelContext camelContext;
    private ProducerTemplate template;

    public Object process(Map<String, Object> request, String operation, Map<String, Object> caller)
            throws Exception {
        Map<String, Object> content = new LinkedHashMap<>(request);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", content.remove("id"));
        message.put("content", content);
        message.put("topics", List.of());
        Exchange done = template().send("bean:{{PROCESSOR:workerProcessor}}", exchange -> {
            exchange.getMessage().setBody(message);
            exchange.getMessage().setHeader("consumerName", "api:" + operation);
            exchange.getMessage().setHeader("caller", caller.get("name"));
        });
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getMessage().getBody();
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camelContext.createProducerTemplate();
        }
        return template;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
