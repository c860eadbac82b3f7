package skeleton.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Endpoint methods for the tests: one answers what it received, one fails. */
public class EchoMethods {

    public Object echo(Map<String, Object> request, String operation, String caller) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("operation", operation);
        answer.put("caller", caller);
        answer.put("request", request);
        return answer;
    }

    public Object fail(Map<String, Object> request, String operation, String caller) {
        throw new IllegalStateException("secret detail that must stay in the log");
    }
}
