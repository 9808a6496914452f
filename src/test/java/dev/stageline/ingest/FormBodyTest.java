package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Form bodies as files posted with curl arrive with a last line break; inside, none belongs. */
class FormBodyTest {

    private final FormBody forms = FormBody.forLimits(SourceLimits.DEFAULT);

    @Test
    void parse_whenTheBodyEndsWithALineBreak_leavesItOutOfTheLastValue() {
        SubmittedFields fields = forms.parse(utf8("lead_id=L-1&company_size=51-200\r\n"));

        assertEquals(Optional.of("51-200"), fields.last("company_size"));
    }

    @Test
    void parse_whenAValueHoldsARawLineBreak_is400SayingHowToEncodeIt() {
        RejectedRequest refused =
                assertThrows(
                        RejectedRequest.class, () -> forms.parse(utf8("note=two\nlines&a=b")));

        assertEquals(400, refused.status());
        assertEquals("malformed_body", refused.code());
        assertEquals(
                "the form holds a raw control character (byte 8); a form encodes line breaks and"
                        + " tabs as %0A, %0D and %09",
                refused.getMessage());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
