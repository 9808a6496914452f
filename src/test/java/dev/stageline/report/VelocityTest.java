package dev.stageline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

class VelocityTest {

    @Test
    void of_whenNoStays_isEmpty() {
        assertEquals(
                new Velocity(0, Optional.empty(), Optional.empty(), Optional.empty()),
                Velocity.of(List.of()));
    }

    @Test
    void of_whenTenStays_takesNearestRankMedianAndP90() {
        List<Duration> stays =
                IntStream.rangeClosed(1, 10).mapToObj(d -> Duration.ofDays(11 - d)).toList();

        Velocity velocity = Velocity.of(stays);

        assertEquals(10, velocity.n());
        assertEquals(Optional.of(Duration.ofDays(5)), velocity.median());
        assertEquals(Optional.of(Duration.ofDays(9)), velocity.p90());
        assertEquals(Optional.of(Duration.ofHours(132)), velocity.mean());
    }

    @Test
    void of_whenThreeStays_medianIsTheMiddleAndP90TheLargest() {
        Velocity velocity =
                Velocity.of(List.of(Duration.ofDays(10), Duration.ofDays(1), Duration.ofDays(2)));

        assertEquals(
                new Velocity(
                        3,
                        Optional.of(Duration.ofDays(2)),
                        Optional.of(Duration.ofDays(10)),
                        Optional.of(Duration.ofHours(104))),
                velocity);
    }

    @Test
    void of_whenTwoStays_medianIsTheLower() {
        Velocity velocity = Velocity.of(List.of(Duration.ofDays(5), Duration.ofDays(2)));

        assertEquals(Optional.of(Duration.ofDays(2)), velocity.median());
        assertEquals(Optional.of(Duration.ofDays(5)), velocity.p90());
        assertEquals(Optional.of(Duration.ofHours(84)), velocity.mean());
    }
}
