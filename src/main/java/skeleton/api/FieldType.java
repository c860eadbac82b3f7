package skeleton.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The field types of an endpoint model, with the JSON Schema type each becomes. */
public enum FieldType {
    STRING("string", "string"),
    BOOLEAN("boolean", "boolean"),
    INTEGER("integer", "integer"),
    NUMBER("number", "number"),
    DICT("dict", "object"),
    LIST("list", "array");

    private final String fileName;
    private final String schemaType;

    FieldType(String fileName, String schemaType) {
        this.fileName = fileName;
        this.schemaType = schemaType;
    }

    public String fileName() {
        return fileName;
    }

    public String schemaType() {
        return schemaType;
    }

    public boolean numeric() {
        return this == INTEGER || this == NUMBER;
    }

    public static Optional<FieldType> fromFile(String name) {
        return Arrays.stream(values()).filter(t -> t.fileName.equals(name)).findFirst();
    }

    public static String known() {
        return Arrays.stream(values()).map(FieldType::fileName).collect(Collectors.joining(", "));
    }
}
