package dev.stageline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.report.PeriodFigures;
import dev.stageline.report.StageFigures;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures that describe a period's end rather than its days, {@code balance} and {@code
 * slaPastDue}, per breakdown value and stage. They are carried from one period to the next: a
 * period's end figures are the previous period's plus the change that the leads active in the
 * period made, since no other lead changed stage, past-due status or breakdown value in it.
 *
 * @param counts per value ({@code ""} for the unbroken figures), per stage id, the balance and the
 *     past-due count
 */
record Chain(Map<String, Map<String, Counts>> counts) {

    static final Chain EMPTY = new Chain(Map.of());

    /** A balance and a past-due count. */
    record Counts(int balance, int pastDue) {

        static final Counts ZERO = new Counts(0, 0);

        Counts plus(Counts other) {
            return new Counts(balance + other.balance, pastDue + other.pastDue);
        }

        Counts minus(Counts other) {
            return new Counts(balance - other.balance, pastDue - other.pastDue);
        }
    }

    Chain {
        Map<String, Map<String, Counts>> copy = new TreeMap<>();
        counts.forEach((value, stages) -> copy.put(value, Map.copyOf(stages)));
        counts = Map.copyOf(copy);
    }

    Counts get(String value, String stage) {
        return counts.getOrDefault(value, Map.of()).getOrDefault(stage, Counts.ZERO);
    }

    Set<String> values() {
        return new TreeSet<>(counts.keySet());
    }

    /** The end figures of computed periods, per value. */
    static Chain of(Map<String, PeriodFigures> byValue) {
        Map<String, Map<String, Counts>> counts = new HashMap<>();
        byValue.forEach(
                (value, figures) -> {
                    Map<String, Counts> stages = new HashMap<>();
                    for (StageFigures stage : figures.stages()) {
                        stages.put(
                                stage.stage(),
                                new Counts(stage.balance(), stage.slaPastDue().orElse(0)));
                    }
                    counts.put(value, stages);
                });
        return new Chain(counts);
    }

    /** The end figures of a stored period: a stage list, or stage lists by value. */
    static Chain ofStored(JsonNode figures, boolean byValue) {
        Map<String, Map<String, Counts>> counts = new HashMap<>();
        if (byValue) {
            figures.properties()
                    .forEach(entry -> counts.put(entry.getKey(), stored(entry.getValue())));
        } else {
            counts.put("", stored(figures));
        }
        return new Chain(counts);
    }

    private static Map<String, Counts> stored(JsonNode stages) {
        Map<String, Counts> counts = new HashMap<>();
        for (JsonNode stage : stages) {
            counts.put(
                    stage.path("stage").asText(),
                    new Counts(stage.path("balance").asInt(), stage.path("slaPastDue").asInt()));
        }
        return counts;
    }

    /** Whether both give the same counts, a missing value or stage counting as zero. */
    boolean sameCounts(Chain other, List<String> stages) {
        Set<String> all = values();
        all.addAll(other.values());
        for (String value : all) {
            for (String stage : stages) {
                if (!get(value, stage).equals(other.get(value, stage))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** This chain moved on by {@code to - from} for each value and stage in either. */
    Chain plusChange(Chain from, Chain to, List<String> stages) {
        Set<String> all = values();
        all.addAll(from.values());
        all.addAll(to.values());
        Map<String, Map<String, Counts>> moved = new HashMap<>();
        for (String value : all) {
            Map<String, Counts> byStage = new HashMap<>();
            for (String stage : stages) {
                byStage.put(
                        stage,
                        get(value, stage).plus(to.get(value, stage).minus(from.get(value, stage))));
            }
            moved.put(value, byStage);
        }
        return new Chain(moved);
    }
}
