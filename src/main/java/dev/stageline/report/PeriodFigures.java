package dev.stageline.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The figures of every model stage, in file order, for one period of a report.
 *
 * @param asOf the instant the figures were computed from
 * @param partial true when the period ends after {@code asOf}, so its figures may still change
 */
public record PeriodFigures(
        Period period, Instant asOf, boolean partial, List<StageFigures> stages) {

    public PeriodFigures {
        stages = List.copyOf(stages);
    }

    /** The figures of the stage with id {@code stageId}, if the model has it. */
    public Optional<StageFigures> stage(String stageId) {
        return stages.stream().filter(s -> s.stage().equals(stageId)).findFirst();
    }
}
