package dev.stageline.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads RFC 4180 CSV one record at a time: comma-separated, fields optionally in double quotes, a
 * doubled quote inside quotes stands for one, and a quoted field may span lines. Each record
 * remembers the line it started on, so refused rows can be named.
 */
final class CsvReader {

    /** One record and the 1-based line it starts on. */
    record Row(int line, List<String> fields) {}

    private final BufferedReader in;
    private int line;

    CsvReader(BufferedReader in) {
        this.in = in;
    }

    Optional<Row> next() {
        try {
            String text = in.readLine();
            if (text == null) {
                return Optional.empty();
            }
            line++;
            int start = line;
            if (start == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            while (true) {
                if (i == text.length()) {
                    if (!quoted) {
                        fields.add(field.toString());
                        return Optional.of(new Row(start, fields));
                    }
                    String more = in.readLine();
                    if (more == null) {
                        throw new CsvException(
                                start, "a quoted field is not closed before the end of the file");
                    }
                    line++;
                    field.append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CsvException(
                    line + 1, "the file is not UTF-8 text; save the export as UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the CSV file near line " + (line + 1) + ": " + e.getMessage(), e);
        }
    }

    /** The file cannot be read as CSV from this line on. */
    static final class CsvException extends RuntimeException {
        CsvException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }
}
