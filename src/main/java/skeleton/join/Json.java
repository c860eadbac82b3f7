package skeleton.join;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the join: plain JSON, field order kept. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
