package dev.stageline.model;

import java.util.List;

/**
 * Moves a lead to stage {@code to} when its condition holds. An empty {@code from} means the
 * default: from no stage and from any success stage earlier than {@code to}.
 *
 * @param line the line of the rule in the model file, for explanations and errors
 */
public record Rule(String id, String to, List<String> from, Condition condition, int line) {}
