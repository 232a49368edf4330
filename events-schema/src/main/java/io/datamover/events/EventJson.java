package io.datamover.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** Reads and writes events as JSON: ISO-8601 times, absent optional fields left out, unknown fields ignored. */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private EventJson() {
    }

    /** The mapper the contract uses; services share it for their own JSON so that times read the same. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Event event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Event event) {
        return new String(write(event), StandardCharsets.UTF_8);
    }

    /**
     * Reads an event of the given type.
     *
     * @throws EventFormatException naming the event and what is wrong with the payload
     */
    public static <T extends Event> T read(byte[] payload, Class<T> type) {
        String name = EventType.of(type).code();
        if (payload == null || payload.length == 0) {
            throw new EventFormatException("malformed " + name + " event: the payload is empty");
        }
        try {
            T event = MAPPER.readValue(payload, type);
            if (event == null) {
                throw new EventFormatException("malformed " + name + " event: the payload is JSON null");
            }
            return event;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new EventFormatException("malformed " + name + " event: " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new EventFormatException("malformed " + name + " event: " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("malformed " + name + " event: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EventFormatException("malformed " + name + " event: unreadable: " + e.getMessage(), e);
        }
    }

    public static <T extends Event> T read(String payload, Class<T> type) {
        return read(payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), type);
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        String detail = e.getOriginalMessage().lines().findFirst().orElse("invalid value");
        return path.isEmpty() ? detail : "field '" + path + "': " + detail;
    }
}
