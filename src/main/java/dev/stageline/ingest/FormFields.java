package dev.stageline.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a form body or a query string) strictly:
 * {@code +} is a space, {@code %XX} escapes are UTF-8, and anything a correct encoder would not
 * produce (a pair without {@code =}, a broken escape, a raw space, line break or quote) is refused,
 * so that
 * a body whose values were pasted in unescaped is never read in part.
 */
public final class FormFields {

    private FormFields() {}

    /**
     * The fields in order of first appearance, each with its values in order.
     *
     * @throws IllegalArgumentException saying what is broken and where
     */
    public static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return fields;
        }
        String[] pairs = text.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            String where = "field " + (i + 1);
            if (pair.isEmpty()) {
                if (i == pairs.length - 1) {
                    continue;
                }
                throw new IllegalArgumentException(where + " is empty (two '&' in a row)");
            }
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException(
                        where
                                + " ('"
                                + RejectedRequest.printable(pair)
                                + "') has no name=value form");
            }
            String name = decode(pair.substring(0, equals), where);
            String value = decode(pair.substring(equals + 1), where);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    /** Undoes percent-encoding, refusing what an encoder never writes. */
    private static String decode(String encoded, String where) {
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException(where + " holds a raw line break");
            }
            if (c == '"' || c == ' ') {
                throw new IllegalArgumentException(
                        where + " holds a raw " + (c == ' ' ? "space" : "double quote"));
            }
        }
        byte[] bytes = new byte[encoded.length() * 3];
        int length = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes[length++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= encoded.length()
                        || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException(
                            where + " holds a '%' that starts no %XX escape");
                }
                bytes[length++] =
                        (byte)
                                (Character.digit(encoded.charAt(i + 1), 16) * 16
                                        + Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    raw = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(raw, 0, bytes, length, raw.length);
                length += raw.length;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(where + " is not UTF-8 once decoded");
        }
    }
}
