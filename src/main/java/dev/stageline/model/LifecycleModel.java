package dev.stageline.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A company's definition of its funnel: stages, rules, time zone and reporting dimensions, as read
 * from one YAML file by {@link ModelLoader}. Immutable and validated; build once and share.
 */
public record LifecycleModel(
        String name,
        ZoneId timeZone,
        DayOfWeek weekStart,
        SkippedStages skippedStages,
        Duration conversionWindow,
        List<Stage> stages,
        List<Rule> rules,
        List<String> dimensions,
        Set<String> attributes) {

    public LifecycleModel {
        stages = List.copyOf(stages);
        rules = List.copyOf(rules);
        dimensions = List.copyOf(dimensions);
        attributes = Set.copyOf(attributes);
    }

    public Optional<Stage> stage(String id) {
        return stages.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The success stages in path order. */
    public List<Stage> successPath() {
        return stages.stream().filter(Stage::isSuccess).toList();
    }

    /** Position on the success path, or -1 for a detour or an unknown id. */
    public int successIndex(String stageId) {
        List<Stage> path = successPath();
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i).id().equals(stageId)) {
                return i;
            }
        }
        return -1;
    }

    /** Position in the file, which ranks competing targets: later stages win. */
    public int fileIndex(String stageId) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id().equals(stageId)) {
                return i;
            }
        }
        return -1;
    }
}
