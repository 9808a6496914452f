package dev.stageline.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses JSON bodies within a source's limits: nesting, string length, number length and fields per
 * object are bounded while parsing, duplicate keys and trailing content are refused, and every
 * failure is a 400 that says where the body went wrong.
 */
public final class JsonBodies {

    /** Longer numbers are no lead attribute; refusing them bounds the parser's work. */
    static final int MAX_NUMBER_DIGITS = 64;

    private static final java.util.Map<SourceLimits, JsonBodies> BY_LIMITS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final ObjectMapper mapper;
    private final SourceLimits limits;

    public JsonBodies(SourceLimits limits) {
        this.limits = limits;
        this.mapper =
                JsonMapper.builder(
                                JsonFactory.builder()
                                        .streamReadConstraints(
                                                StreamReadConstraints.builder()
                                                        .maxNestingDepth(limits.maxDepth())
                                                        .maxStringLength(limits.maxStringLength())
                                                        .maxNumberLength(MAX_NUMBER_DIGITS)
                                                        .build())
                                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                        .build())
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .build();
    }

    /** A parser for {@code limits}, shared by the sources that have the same. */
    public static JsonBodies forLimits(SourceLimits limits) {
        return BY_LIMITS.computeIfAbsent(limits, JsonBodies::new);
    }

    /**
     * @throws RejectedRequest 400 {@code malformed_body} when the body is not JSON within limits
     */
    public JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw RejectedRequest.badRequest(
                    "malformed_body",
                    "the body exceeds a limit: nesting deeper than "
                            + limits.maxDepth()
                            + " levels, a string over "
                            + limits.maxStringLength()
                            + " characters or a number over "
                            + MAX_NUMBER_DIGITS
                            + " digits");
        } catch (JsonProcessingException e) {
            throw RejectedRequest.badRequest(
                    "malformed_body", "the body is not valid JSON" + where(e) + ": " + reason(e));
        } catch (IOException e) {
            throw RejectedRequest.badRequest("malformed_body", "the body cannot be read as JSON");
        } catch (NumberFormatException | ArithmeticException e) {
            // A number such as 1e999999999 is valid JSON but no usable value.
            throw RejectedRequest.badRequest(
                    "malformed_body", "a number in the body is out of any usable range");
        }
        if (node == null || node.isMissingNode()) {
            throw RejectedRequest.badRequest("malformed_body", "the body is empty");
        }
        requireFieldsWithinLimit(node);
        return node;
    }

    /** Refuses any object in the tree with more fields than the limit. */
    private void requireFieldsWithinLimit(JsonNode node) {
        if (node.isObject() && node.size() > limits.maxFields()) {
            throw RejectedRequest.badRequest(
                    "too_many_fields",
                    "an object in the body has "
                            + node.size()
                            + " fields; this source accepts at most "
                            + limits.maxFields());
        }
        if (node.isContainerNode()) {
            node.forEach(this::requireFieldsWithinLimit);
        }
    }

    /**
     * The events of a JSON array body, each an object, counted against {@code limits} before any is
     * mapped.
     *
     * @throws RejectedRequest 400 when the array is empty or holds a non-object, 413 when it holds
     *     more events than the limit
     */
    public static List<JsonNode> eventArray(JsonNode array, SourceLimits limits) {
        if (array.isEmpty()) {
            throw RejectedRequest.badRequest("empty_batch", "the array holds no events");
        }
        if (array.size() > limits.maxEvents()) {
            throw limits.batchTooLarge(array.size());
        }
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                throw RejectedRequest.badRequest(
                        "invalid_body", "event " + i + " is not a JSON object; nothing was stored");
            }
            items.add(array.get(i));
        }
        return items;
    }

    /** Refuses a request whose content type is not JSON (parameters such as charset are fine). */
    public static void requireJson(WebhookRequest request) {
        String type = request.headers().getOrDefault("content-type", "");
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new RejectedRequest(
                    415,
                    "unsupported_content_type",
                    "send application/json, got '" + RejectedRequest.printable(type) + "'");
        }
    }

    private static String reason(JsonProcessingException e) {
        if (e.getOriginalMessage() == null) {
            return "unreadable";
        }
        return e.getOriginalMessage()
                .replaceAll("\\s*\\(.*", "")
                .lines()
                .findFirst()
                .orElse("unreadable");
    }

    private static String where(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return "";
        }
        return " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    }
}
