package dev.stageline.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fields of one form submission, by name, each with its values in the order sent (a key may
 * repeat in a form post; Unbounce sends every value as an array). Values are strings, {@link
 * BigDecimal}s or booleans.
 */
public record SubmittedFields(Map<String, List<Object>> values) {

    public SubmittedFields {
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        values.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** The values of {@code key}, empty when the form has no such field. */
    public List<Object> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /**
     * The one value of {@code key}, for fields that identify: a lead, an event, its time or type.
     *
     * @throws RejectedRequest 400 {@code repeated_field} when the key has several values
     */
    public Optional<Object> single(String key) {
        List<Object> all = all(key);
        if (all.size() > 1) {
            throw RejectedRequest.badRequest(
                    "repeated_field",
                    "field '"
                            + RejectedRequest.printable(key)
                            + "' is sent "
                            + all.size()
                            + " times; it must have one value");
        }
        return all.stream().findFirst();
    }

    /** The last value of {@code key}: for attributes, a repeated field counts as its last value. */
    public Optional<Object> last(String key) {
        List<Object> all = all(key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * These fields followed by {@code more}'s; a key in both keeps the values of each, in order.
     */
    public SubmittedFields with(SubmittedFields more) {
        Builder builder = new Builder();
        values.forEach((k, list) -> list.forEach(v -> builder.add(k, v)));
        more.values.forEach((k, list) -> list.forEach(v -> builder.add(k, v)));
        return builder.build();
    }

    /**
     * A digest of the submission that does not depend on the order of its keys: the same post
     * redelivered has the same one, a submission that differs in any value has another. 32 hex
     * characters (128 bits of SHA-256).
     */
    public String digest() {
        Map<String, List<Object>> sorted = new TreeMap<>(values);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sorted.forEach(
                    (key, list) -> {
                        update(sha, key);
                        sha.update(java.nio.ByteBuffer.allocate(4).putInt(list.size()).array());
                        list.forEach(value -> update(sha, typed(value)));
                    });
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static String typed(Object value) {
        return switch (value) {
            case BigDecimal number -> "n:" + number.stripTrailingZeros().toPlainString();
            case Boolean flag -> "b:" + flag;
            default -> "s:" + value;
        };
    }

    /** Length-prefixed, so that no two different submissions feed the digest the same bytes. */
    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    /** Collects fields in the order they arrive. */
    public static final class Builder {
        private final Map<String, List<Object>> values = new LinkedHashMap<>();

        public Builder add(String key, Object value) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            return this;
        }

        public SubmittedFields build() {
            return new SubmittedFields(values);
        }
    }
}
