package dev.stageline.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a model file cannot be used. It carries every problem found in the file, not only the
 * first, so that the author can fix them all in one pass; the message lists them one per line.
 */
public final class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ModelProblem> problems;

    public ModelException(List<ModelProblem> problems) {
        super(lines(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order. */
    public List<ModelProblem> problems() {
        return problems;
    }

    private static String lines(List<ModelProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ModelException needs at least one problem");
        }
        return problems.stream().map(ModelProblem::toString).collect(Collectors.joining("\n"));
    }
}
