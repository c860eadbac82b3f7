package skeleton.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

import skeleton.config.Problems;
import skeleton.api.EndpointMap.Endpoint;

/**
 * Finds the code an endpoint's {@code exec_method} names: a bean of that name in the Camel registry, else a class
 * (in {@code src/main/java/routes}, or any class on the class path) made with its no-argument constructor, one
 * instance per class. The method must be public and take
 * {@code (Map<String, Object> request, String operation, Map<String, Object> caller)} (the caller's scheme, name,
 * subject, client and roles: see {@link Caller#asMap()}) or {@code (Map<String, Object>, String, String caller)}
 * (the caller's name only); what it returns becomes the JSON answer.
 */
public final class ExecMethodBinder {

    /** A bound method, ready to call. */
    public record Invoker(Object target, Method method) {

        public Object invoke(Map<String, Object> request, String operation, Caller caller) throws Exception {
            Object who = method.getParameterTypes()[2] == Map.class ? caller.asMap() : caller.name();
            try {
                return method.invoke(target, request, operation, who);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    private final Function<String, Object> beans;
    private final Map<String, Object> instances = new HashMap<>();

    /** {@code beans} looks a bean up by name (camel-main's {@code Main::lookup}); null when there is none. */
    public ExecMethodBinder(Function<String, Object> beans) {
        this.beans = beans;
    }

    /** Gives the Camel context to the bound classes that implement {@link CamelContextAware}. */
    public void contextStarting(CamelContext context) {
        instances.values().forEach(target -> {
            if (target instanceof CamelContextAware aware && aware.getCamelContext() == null) {
                aware.setCamelContext(context);
            }
        });
    }

    /** The invoker of an endpoint, or null after reporting to the problems why it cannot be bound. */
    public Invoker bind(Endpoint endpoint, Problems problems) {
        String module = endpoint.execMethod().moduleName();
        String at = endpoint.pointer() + "/exec_method";
        Object target = instances.computeIfAbsent(module, this::lookup);
        if (target instanceof String why) {
            instances.remove(module);
            problems.at(at + "/module_name", why);
            return null;
        }
        String name = endpoint.execMethod().methodName();
        List<Method> candidates = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())).toList();
        for (Method method : candidates) {
            if (Arrays.equals(method.getParameterTypes(), new Class<?>[] {Map.class, String.class, Map.class})
                    || Arrays.equals(method.getParameterTypes(), new Class<?>[] {Map.class, String.class, String.class})) {
                return new Invoker(target, method);
            }
        }
        problems.at(at + "/method_name", target.getClass().getName() + " has no public method " + name
                + "(Map<String, Object> request, String operation, Map<String, Object> caller)"
                + (candidates.isEmpty() ? "" : "; found " + candidates.get(0).toGenericString()));
        return null;
    }

    /** The bean or a new instance of the class; a String saying why not when neither exists. */
    private Object lookup(String module) {
        Object bean = beans.apply(module);
        if (bean != null) {
            return bean;
        }
        try {
            Class<?> type = Class.forName(module, true, Thread.currentThread().getContextClassLoader());
            return type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return "no bean and no class \"" + module + "\" (put the class in src/main/java/routes, e.g. routes.WorkerApi)";
        } catch (NoSuchMethodException e) {
            return module + " has no public constructor without arguments";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "cannot create " + module + ": " + e;
        }
    }
}
