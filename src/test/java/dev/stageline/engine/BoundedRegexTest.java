package dev.stageline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.regex.Pattern;

class BoundedRegexTest {

    @Test
    void pattern_whenAskedTwice_compilesOnce() {
        Pattern first = BoundedRegex.pattern("^lead-\\d+$", false).orElseThrow();

        assertSame(first, BoundedRegex.pattern("^lead-\\d+$", false).orElseThrow());
    }

    @Test
    void pattern_whenCaseSettingDiffers_compilesEachSetting() {
        Pattern insensitive = BoundedRegex.pattern("^mql$", false).orElseThrow();
        Pattern sensitive = BoundedRegex.pattern("^mql$", true).orElseThrow();

        assertNotSame(insensitive, sensitive);
        assertEquals(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE, insensitive.flags());
        assertEquals(0, sensitive.flags());
    }

    @Test
    void pattern_whenInvalid_isEmpty() {
        assertEquals(Optional.empty(), BoundedRegex.pattern("[unclosed", false));
    }
}
