package skeleton.api;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/** The REST routes of the documentation: /openapi.json, /openapi.yaml, and Swagger UI at /docs. */
public final class DocsRoutes extends RouteBuilder {

    private final PublishedDocument document;
    private final SwaggerUiFiles swaggerUi;
    private final String title;

    public DocsRoutes(PublishedDocument document, SwaggerUiFiles swaggerUi, String title) {
        this.document = document;
        this.swaggerUi = swaggerUi;
        this.title = title;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new ServerErrorResponder());

        rest().get("/openapi.json").id("api-openapi-json").routeId("api-openapi-json").to("direct:api-openapi-json");
        rest().get("/openapi.yaml").id("api-openapi-yaml").routeId("api-openapi-yaml").to("direct:api-openapi-yaml");
        rest().get("/docs").id("api-docs").routeId("api-docs").to("direct:api-docs");
        rest().get("/docs/{file}").id("api-docs-file").routeId("api-docs-file").to("direct:api-docs-file");

        from("direct:api-openapi-json").process(e -> send(e.getMessage(), document.json(), "application/json"));
        from("direct:api-openapi-yaml").process(e -> send(e.getMessage(), document.yaml(), "application/yaml"));
        from("direct:api-docs").process(e -> send(e.getMessage(), swaggerUi.page(title), "text/html; charset=utf-8"));
        from("direct:api-docs-file").process(this::file);
    }

    private void file(Exchange exchange) {
        Message message = exchange.getMessage();
        String name = message.getHeader("file", String.class);
        swaggerUi.file(name).ifPresentOrElse(f -> send(message, f.bytes(), f.contentType()),
                () -> JsonResponses.error(message, 404, java.util.List.of(
                        new RequestValidator.Violation("", "no file \"" + name + "\" in Swagger UI"))));
    }

    private static void send(Message message, Object body, String contentType) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }
}
