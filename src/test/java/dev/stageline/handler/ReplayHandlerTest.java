package dev.stageline.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** The replay function checks its input before it touches the table. */
class ReplayHandlerTest {

    private final EmptyTables tables = new EmptyTables();
    private final ReplayHandler handler = new ReplayHandler(HandlerFixtures.application(tables));

    @Test
    void handleRequest_whenPageSizeIsText_isRefusedNamingItWithoutReadingTheStore() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> handler.handleRequest(Map.of("pageSize", "many"), null));

        assertTrue(refused.getMessage().contains("pageSize"), refused.getMessage());
        assertEquals(List.of(), tables.reads());
    }

    @Test
    void handleRequest_whenPageSizeAboveTheLimit_isRefusedWithoutReadingTheStore() {
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> handler.handleRequest(Map.of("pageSize", 1_001), null));

        assertTrue(refused.getMessage().contains("1 to 1000"), refused.getMessage());
        assertEquals(List.of(), tables.reads());
    }

    @Test
    void pageSize_whenAbsent_isOneHundred() {
        assertEquals(100, ReplayHandler.pageSize(Map.of()));
    }
}
