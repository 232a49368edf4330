package io.datamover.service.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds error answers as {@link ErrorBody}, for the exception mappers of each service. */
public final class ErrorResponses {

    /** How {@code io.datamover.events.Fields} names the field a record's constructor refused. */
    private static final Pattern REFUSED_FIELD = Pattern.compile("^field '([^']+)'");

    private ErrorResponses() {
    }

    public static Response error(int status, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message, field))
                .build();
    }

    /**
     * The 400 answer to a JSON body Jackson could not read, naming the field at fault (else {@code body}). A value
     * that refused a field names it as {@code io.datamover.events.Fields} does, {@code field 'offset' ...}: the answer
     * names its whole path, {@code [0].offset} for the offset of the first extent of a list (where the path Jackson
     * knows ends at the record).
     */
    public static Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : null;
        Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
        String detail = cause == e ? e.getOriginalMessage().lines().findFirst().orElse("")
                : String.valueOf(cause.getMessage());
        Matcher refused = REFUSED_FIELD.matcher(detail);
        if (cause != e && refused.find()) {
            field = within(field, refused.group(1));
            detail = "field '" + field + "'" + detail.substring(refused.end());
        }
        if (field == null || field.isEmpty()) {
            return error(400, "unreadable JSON body: " + detail, "body");
        }
        return error(400, detail.contains("'" + field + "'") ? detail : "field '" + field + "': " + detail, field);
    }

    private static String within(String path, String field) {
        if (path == null || path.isEmpty()) {
            return field;
        }
        return path.equals(field) || path.endsWith("." + field) ? path : path + "." + field;
    }

    /**
     * Quarkus REST reports an unreadable body as a {@link WebApplicationException} caused by Jackson's exception:
     * answered as {@link #unreadableJson}; any other with its own status and message.
     */
    public static Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return error(e.getResponse().getStatus(), e.getMessage(), null);
    }

    /** The JSON path of the field Jackson could not read, such as {@code targets.[1]}; empty for the body itself. */
    public static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
