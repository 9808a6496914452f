package dev.stageline.ingest.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Optional;

/**
 * The 15- and 18-character spellings of Salesforce ids. Expected suffixes were worked out by hand
 * from the published rule: per block of five characters, bit i set when character i is an upper
 * case letter, the sum looked up in A-Z then 0-5.
 */
class SalesforceIdsTest {

    @Test
    void canonical_when18Characters_dropsTheSuffix() {
        assertEquals(Optional.of("00D5g000004ZQxE"), SalesforceIds.canonical("00D5g000004ZQxEEAW"));
    }

    @Test
    void canonical_when18CharactersLostTheirCase_restoresItFromTheSuffix() {
        assertEquals(Optional.of("00D5g000004ZQxE"), SalesforceIds.canonical("00d5G000004zqXeeaw"));
    }

    @Test
    void canonical_when15Characters_keepsThemCaseSensitive() {
        assertEquals(Optional.of("00D5g000004zqxe"), SalesforceIds.canonical("00D5g000004zqxe"));
    }

    @Test
    void canonical_whenSuffixMarksADigitUpperCase_isEmpty() {
        // 'B' sets bit 0 of the first block, whose first character is the digit 0.
        assertEquals(Optional.empty(), SalesforceIds.canonical("00D5g000004ZQxEBAW"));
    }

    @Test
    void canonical_whenNotAnId_isEmpty() {
        assertEquals(Optional.empty(), SalesforceIds.canonical("00D5g000004ZQx"));
        assertEquals(Optional.empty(), SalesforceIds.canonical("00D5g000004ZQx-"));
        assertEquals(Optional.empty(), SalesforceIds.canonical("00D5g000004ZQxE9AW"));
    }

    @Test
    void caseSafe_addsTheSuffix() {
        assertEquals("00Q5g00000Ab1CdEAJ", SalesforceIds.caseSafe("00Q5g00000Ab1Cd"));
        assertEquals("0035g00000Xy9ZwAAJ", SalesforceIds.caseSafe("0035g00000Xy9Zw"));
    }
}
