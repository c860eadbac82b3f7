package skeleton.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A processor whose behaviour the message chooses: {@code "fail": true} in the content throws, {@code "drop": true}
 * returns null, {@code "sleepMs": n} takes n ms first, {@code "failTimes": n} throws on the first n calls for its id
 * (and worker), {@code "recurse": true} recurses until the stack overflows, {@code "outOfMemoryTimes": n} throws
 * an OutOfMemoryError on the first n calls for its id; anything else is echoed with the worker's name added.
 */
public class ScriptedProcessor implements Processor {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Map<String, Object> joined = exchange.getMessage().getBody(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) joined.get("content");
        if (content.get("sleepMs") instanceof Number ms) {
            Thread.sleep(ms.longValue());
        }
        if (content.get("failTimes") instanceof Number times
                && CALLS.computeIfAbsent(exchange.getMessage().getHeader("consumerName") + "/" + joined.get("id"),
                        k -> new AtomicInteger()).incrementAndGet() <= times.intValue()) {
            throw new IllegalStateException("scripted failure " + CALLS.get(exchange.getMessage().getHeader("consumerName")
                    + "/" + joined.get("id")).get() + " of " + times + " for id " + joined.get("id"));
        }
        if (Boolean.TRUE.equals(content.get("recurse"))) {
            depth(0);
        }
        if (content.get("outOfMemoryTimes") instanceof Number times
                && CALLS.computeIfAbsent(exchange.getMessage().getHeader("consumerName") + "/oom/" + joined.get("id"),
                        k -> new AtomicInteger()).incrementAndGet() <= times.intValue()) {
            throw new OutOfMemoryError("scripted for id " + joined.get("id"));
        }
        if (Boolean.TRUE.equals(content.get("fail"))) {
            throw new IllegalArgumentException("scripted failure for id " + joined.get("id"));
        }
        if (Boolean.TRUE.equals(content.get("drop"))) {
            exchange.getMessage().setBody(null);
            return;
        }
        content.put("worker", exchange.getMessage().getHeader("consumerName"));
        content.put("metadatas", exchange.getMessage().getHeader("metadatas"));
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }
}
