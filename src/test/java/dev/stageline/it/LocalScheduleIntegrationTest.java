package dev.stageline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.testing.TestStack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

/** The local run aggregates on its own schedule, without anyone calling the admin route. */
class LocalScheduleIntegrationTest {

    @Test
    void localRun_withAnInterval_aggregatesByItself() throws InterruptedException {
        try (TestStack stack =
                TestStack.start("models/default.yaml", Optional.of(Duration.ofSeconds(1)))) {
            stack.webhook(
                    "web",
                    """
                    {"id": "s1", "type": "form_submitted", "occurredAt": "2026-11-02T09:15:00Z", "lead": {"id": "S-1"}}\
                    """,
                    "msg_s1");
            stack.drain();

            JsonNode november = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                november =
                        stack.get("/reports/funnel?granularity=month&from=2026-11-01&to=2026-12-01")
                                .body()
                                .path("periods")
                                .get(0);
                if (november.path("computed").asBoolean()
                        && november.path("stages").get(0).path("entered").asInt() == 1) {
                    break;
                }
                Thread.sleep(200);
            }

            assertEquals(true, november.path("computed").asBoolean());
            assertEquals(1, november.path("stages").get(0).path("entered").asInt());
        }
    }
}
