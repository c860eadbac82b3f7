package skeleton.security;

import java.util.LinkedHashMap;
import java.util.Map;

/** Endpoint methods for the security tests: they answer who called, as the method receives it, or fail. */
public class CallerEcho {

    public Object whoAmI(Map<String, Object> request, String operation, Map<String, Object> caller) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("caller", caller);
        answer.put("request", request);
        return answer;
    }

    public Object fail(Map<String, Object> request, String operation, Map<String, Object> caller) {
        throw new IllegalStateException("the method failed for " + caller.get("name"));
    }

    public Object name(Map<String, Object> request, String operation, String caller) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("caller", caller);
        return answer;
    }
}
