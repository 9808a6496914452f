package dev.stageline.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.ingest.csv.CsvReader.CsvException;
import dev.stageline.ingest.csv.CsvReader.Row;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** RFC 4180 records, each with the line it starts on. */
class CsvReaderTest {

    @Test
    void next_whenPlainFields_splitsOnCommas() {
        assertEquals(
                List.of(
                        new Row(1, List.of("mql_id", "origin")),
                        new Row(2, List.of("a1", "social"))),
                rows("mql_id,origin\na1,social\n"));
    }

    @Test
    void next_whenFieldsAreEmpty_keepsThemAsEmptyStrings() {
        assertEquals(List.of(new Row(1, List.of("a1", "", ""))), rows("a1,,\n"));
    }

    @Test
    void next_whenQuotedFieldHoldsCommas_keepsThemInTheField() {
        assertEquals(
                List.of(new Row(1, List.of("a1", "Home, garden and tools", "paid_search"))),
                rows("a1,\"Home, garden and tools\",paid_search\n"));
    }

    @Test
    void next_whenQuotedFieldHoldsDoubledQuotes_readsOneQuoteEach() {
        assertEquals(
                List.of(new Row(1, List.of("a1", "the \"best\" store", ""))),
                rows("a1,\"the \"\"best\"\" store\",\"\"\n"));
    }

    @Test
    void next_whenQuotedFieldSpansLines_keepsTheLineBreakAndTheLineNumbersOfLaterRecords() {
        String csv =
                "id,note,origin\n"
                        + "a1,\"first line\nsecond line\nthird line\",social\n"
                        + "a2,plain,email\n";

        assertEquals(
                List.of(
                        new Row(1, List.of("id", "note", "origin")),
                        new Row(2, List.of("a1", "first line\nsecond line\nthird line", "social")),
                        new Row(5, List.of("a2", "plain", "email"))),
                rows(csv));
    }

    @Test
    void next_whenFileStartsWithAByteOrderMark_dropsIt() {
        assertEquals(
                List.of(new Row(1, List.of("mql_id", "origin"))), rows("\uFEFFmql_id,origin\n"));
    }

    @Test
    void next_whenLinesEndInCrLf_splitsRecordsWithoutCarriageReturns() {
        assertEquals(
                List.of(new Row(1, List.of("a1", "social")), new Row(2, List.of("a2", "email"))),
                rows("a1,social\r\na2,email\r\n"));
    }

    @Test
    void next_whenLastLineHasNoLineBreak_readsIt() {
        assertEquals(
                List.of(new Row(1, List.of("a1", "social")), new Row(2, List.of("a2", "email"))),
                rows("a1,social\na2,email"));
    }

    @Test
    void next_whenQuotedFieldIsNotClosed_isRefusedNamingItsFirstLine() {
        CsvReader reader = reader("id,note\na1,\"never closed\nstill open\n");
        reader.next();

        CsvException refused = assertThrows(CsvException.class, reader::next);

        assertTrue(refused.getMessage().startsWith("line 2: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("quoted field"), refused.getMessage());
    }

    @Test
    void next_whenNoMoreLines_isEmpty() {
        CsvReader reader = reader("a1\n");
        reader.next();

        assertEquals(Optional.empty(), reader.next());
        assertEquals(Optional.empty(), reader.next());
    }

    private static CsvReader reader(String csv) {
        return new CsvReader(new BufferedReader(new StringReader(csv)));
    }

    private static List<Row> rows(String csv) {
        CsvReader reader = reader(csv);
        List<Row> rows = new ArrayList<>();
        for (Optional<Row> row = reader.next(); row.isPresent(); row = reader.next()) {
            rows.add(row.get());
        }
        return rows;
    }
}
