package skeleton.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The request methods an endpoint may list in {@code request_method}. */
public enum HttpVerb {
    POST, GET, PUT, DELETE;

    /** POST and PUT carry the model as a JSON body; GET and DELETE take its fields as query parameters. */
    public boolean hasBody() {
        return this == POST || this == PUT;
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HttpVerb> fromFile(String name) {
        return Arrays.stream(values()).filter(v -> v.lower().equals(name)).findFirst();
    }
}
