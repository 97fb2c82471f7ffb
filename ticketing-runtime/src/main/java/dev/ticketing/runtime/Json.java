package dev.ticketing.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the process (thread-safe once configured). */
public final class Json {

    /**
     * Jackson's default keeps each thread's buffers in a thread-local, so each virtual thread (one per request here)
     * allocated fresh ones: a pool shared by all threads reuses them. Bounded: a burst cannot make it grow for good.
     */
    private static final int RECYCLED_BUFFERS = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().recyclerPool(recycled()).build())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndAddModules()
            .build();

    private Json() {
    }

    private static RecyclerPool<BufferRecycler> recycled() {
        return JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFERS);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
        }
    }

    /**
     * Request bodies are read strictly: one JSON value and nothing after it, no field twice (the last one does not
     * silently win), numbers of at most {@link #MAX_NUMBER_DIGITS} digits and at most {@link #MAX_NESTING} levels.
     */
    public static final int MAX_NUMBER_DIGITS = 20;
    public static final int MAX_NESTING = 16;
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(recycled())
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNumberLength(MAX_NUMBER_DIGITS).maxNestingDepth(MAX_NESTING).build())
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static JsonNode tree(byte[] bytes) throws java.io.IOException {
        return STRICT.readTree(bytes);
    }
}
