package dev.stageline.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a form post's body or a query string) into
 * {@link SubmittedFields}: {@code +} is a space, {@code %XX} a byte, and the bytes of every key and
 * value must be UTF-8 whatever charset the request claims, as browsers send them. A key may repeat;
 * its values are kept in order. The number of fields and the length of each key and value are
 * bounded by the source's limits, and every failure is a 400 naming the field.
 *
 * <pre>{@code
 * SubmittedFields fields = FormBody.forLimits(limits).parse(request.body());
 * }</pre>
 */
public final class FormBody {

    private final SourceLimits limits;

    private FormBody(SourceLimits limits) {
        this.limits = limits;
    }

    public static FormBody forLimits(SourceLimits limits) {
        return new FormBody(limits);
    }

    /**
     * @throws RejectedRequest 400 {@code malformed_body}, {@code invalid_encoding}, {@code
     *     too_many_fields} or {@code field_too_long}
     */
    public SubmittedFields parse(byte[] body) {
        SubmittedFields.Builder fields = new SubmittedFields.Builder();
        int count = 0;
        int start = 0;
        // A file posted with curl --data-binary keeps its last line break; no form field ends so.
        int end = body.length;
        while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
            end--;
        }
        for (int i = 0; i <= end; i++) {
            if (i < end && ((body[i] >= 0 && body[i] < 0x20) || body[i] == 0x7F)) {
                throw RejectedRequest.badRequest(
                        "malformed_body",
                        "the form holds a raw control character (byte "
                                + i
                                + "); a form encodes line breaks and tabs as %0A, %0D and %09");
            }
            if (i == end || body[i] == '&') {
                if (i > start) {
                    count++;
                    if (count > limits.maxFields()) {
                        throw RejectedRequest.badRequest(
                                "too_many_fields",
                                "the form has more than "
                                        + limits.maxFields()
                                        + " fields; this source accepts at most "
                                        + limits.maxFields());
                    }
                    pair(body, start, i, count, fields);
                }
                start = i + 1;
            }
        }
        return fields.build();
    }

    /** Reads a query string the same way; an empty one has no fields. */
    public SubmittedFields parseQuery(String query) {
        return parse(query.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses a request that is not a form post; a charset other than UTF-8 is refused too. */
    public static void requireForm(WebhookRequest request) {
        String type = request.header("content-type");
        String[] parts = type.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            throw new RejectedRequest(
                    415,
                    "unsupported_content_type",
                    "send application/x-www-form-urlencoded, got '"
                            + RejectedRequest.printable(type)
                            + "'");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")
                    && !parameter
                            .substring("charset=".length())
                            .replace("\"", "")
                            .equals("utf-8")) {
                throw new RejectedRequest(
                        415,
                        "unsupported_content_type",
                        "form posts are read as UTF-8; got '"
                                + RejectedRequest.printable(type)
                                + "'");
            }
        }
    }

    private void pair(
            byte[] body, int start, int end, int position, SubmittedFields.Builder fields) {
        int equals = start;
        while (equals < end && body[equals] != '=') {
            equals++;
        }
        String key = decode(body, start, equals, position, "name");
        String value = equals < end ? decode(body, equals + 1, end, position, "value") : "";
        if (key.isEmpty()) {
            throw RejectedRequest.badRequest(
                    "malformed_body", "form field " + position + " has an empty name");
        }
        fields.add(key, value);
    }

    private String decode(byte[] body, int start, int end, int position, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= end || hex(body[i + 1]) < 0 || hex(body[i + 2]) < 0) {
                    throw RejectedRequest.badRequest(
                            "malformed_body",
                            "the "
                                    + what
                                    + " of form field "
                                    + position
                                    + " has a '%' not followed by two hex digits");
                }
                bytes.write(hex(body[i + 1]) * 16 + hex(body[i + 2]));
                i += 2;
            } else {
                bytes.write(b);
            }
            if (bytes.size() > limits.maxStringLength()) {
                throw RejectedRequest.badRequest(
                        "field_too_long",
                        "the "
                                + what
                                + " of form field "
                                + position
                                + " is longer than "
                                + limits.maxStringLength()
                                + " bytes");
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RejectedRequest.badRequest(
                    "invalid_encoding",
                    "the " + what + " of form field " + position + " is not UTF-8 once decoded");
        }
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
