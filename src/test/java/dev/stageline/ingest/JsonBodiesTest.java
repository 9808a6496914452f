package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** Parsing within a source's limits: every unusable body is a 400, never an exception. */
class JsonBodiesTest {

    private final JsonBodies bodies = JsonBodies.forLimits(SourceLimits.DEFAULT);

    @Test
    void parse_whenANumberHasAnExponentTooLongForBigDecimal_is400() {
        RejectedRequest refused =
                assertThrows(
                        RejectedRequest.class,
                        () -> bodies.parse(utf8("{\"n\": 1e999999999999}")));

        assertEquals(400, refused.status());
        assertEquals("malformed_body", refused.code());
    }

    @Test
    void parse_whenAnObjectHasMoreFieldsThanTheLimit_is400NamingTheLimit() {
        JsonBodies narrow = JsonBodies.forLimits(new SourceLimits(1024, 10, 16, 2, 100));

        RejectedRequest refused =
                assertThrows(
                        RejectedRequest.class,
                        () -> narrow.parse(utf8("{\"a\": 1, \"b\": 2, \"c\": 3}")));

        assertEquals("too_many_fields", refused.code());
        assertEquals(
                "an object in the body has 3 fields; this source accepts at most 2",
                refused.getMessage());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
