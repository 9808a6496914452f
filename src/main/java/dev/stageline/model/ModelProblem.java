package dev.stageline.model;

/**
 * One thing wrong with a model file, at the 1-based line where it was found.
 *
 * <p>{@link #toString()} gives the {@code file:line: message} form that editors and terminals turn
 * into a link, such as {@code models/x.yaml:42: rule 'mql-by-score' targets unknown stage 'mqll'}.
 */
public record ModelProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
