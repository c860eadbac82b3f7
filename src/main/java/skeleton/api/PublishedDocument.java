package skeleton.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The OpenAPI document as served at /openapi.json and /openapi.yaml; replaced whole when the endpoints reload. */
public final class PublishedDocument {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build());

    private record Texts(String json, String yaml) {
    }

    private volatile Texts texts = new Texts("{}", "{}\n");

    public void publish(ObjectNode document) {
        try {
            texts = new Texts(JsonResponses.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document),
                    YAML.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document: " + e.getOriginalMessage(), e);
        }
    }

    public String json() {
        return texts.json();
    }

    public String yaml() {
        return texts.yaml();
    }
}
