package dev.stageline.model;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A word written in the model file, such as a stage id or a field name, with the line it is on, so
 * that a check made after reading can still point at it.
 */
record Mention(String text, int line) {

    static Mention of(String text, Node node) {
        return new Mention(text, ProblemLog.lineOf(node));
    }
}
