package dev.stageline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Email addresses never become lead keys as they are. */
class LeadIdsTest {

    // printf 'ann@example.com' | sha256sum
    private static final String ANN =
            "sha256-71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476";

    @Test
    void pseudonymous_whenAnEmail_isItsSha256InLowerCase() {
        assertEquals(ANN, LeadIds.pseudonymous("ann@example.com"));
        assertEquals(ANN, LeadIds.pseudonymous(" Ann@Example.COM "));
    }

    @Test
    void pseudonymous_whenNoAtSign_isTheIdItself() {
        assertEquals("L-1001", LeadIds.pseudonymous("L-1001"));
    }
}
