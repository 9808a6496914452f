package dev.stageline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class ModelRevisionTest {

    private static String text(String file) throws IOException {
        return Files.readString(Path.of(file));
    }

    private static String revision(String yaml) {
        return ModelRevision.of(ModelLoader.parse("test.yaml", yaml), yaml);
    }

    @Test
    void of_whenShippedModel_isNameAtTenHexDigits() throws IOException {
        String revision = revision(text("models/default.yaml"));

        assertTrue(revision.matches("default@[0-9a-f]{10}"), revision);
        assertTrue(ModelRevision.isRevision(revision), revision);
    }

    @Test
    void of_whenOnlyCommentsLayoutAndKeyOrderDiffer_isTheSame() throws IOException {
        String original = text("models/default.yaml");
        String reworded =
                "# another comment on top\n"
                        + original.replace(
                                        "timeZone: UTC\nweekStart: monday",
                                        "weekStart: monday\ntimeZone: \"UTC\"")
                                .replace(
                                        "dimensions: [country, source]",
                                        "dimensions:\n  - country\n  - source   # why");

        assertNotEquals(original, reworded);
        assertEquals(revision(original), revision(reworded));
    }

    @Test
    void of_whenACriterionChanges_differs() throws IOException {
        assertNotEquals(
                revision(text("models/default.yaml")),
                revision(text("src/test/resources/models/default-mql-70.yaml")));
    }

    @Test
    void of_whenNameHasCharactersAKeyShouldNotHold_replacesThem() throws IOException {
        String yaml = text("models/default.yaml").replace("name: default", "name: \"Sales #2 EU\"");

        assertTrue(revision(yaml).startsWith("sales__2_eu@"), revision(yaml));
    }

    @Test
    void isRevision_whenNotSpeltAsARevision_isFalse() {
        assertEquals(false, ModelRevision.isRevision("default"));
        assertEquals(false, ModelRevision.isRevision("default@XYZ"));
        assertEquals(false, ModelRevision.isRevision(null));
    }
}
