package dev.stageline.model;

import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one model file while it is read, so that all of them are reported at
 * once. A value that could not be read is replaced by a stand-in and reading goes on; because the
 * log is then not empty, no model is ever built from a stand-in.
 */
final class ProblemLog {

    private final String file;
    private final List<ModelProblem> problems = new ArrayList<>();

    ProblemLog(String file) {
        this.file = file;
    }

    void report(Node node, String message) {
        report(lineOf(node), message);
    }

    void report(int line, String message) {
        problems.add(new ModelProblem(file, line, message));
    }

    /** How many problems have been reported so far; compare before and after reading a part. */
    int count() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems ordered by line; problems on one line keep the order they were found in. */
    List<ModelProblem> inFileOrder() {
        return problems.stream().sorted(Comparator.comparingInt(ModelProblem::line)).toList();
    }

    /** The 1-based line where a node starts. */
    static int lineOf(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }
}
