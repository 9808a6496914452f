package dev.stageline.engine;

/**
 * One test of a rule's condition as it was evaluated: what it asked, the value it saw and whether
 * it held. {@code seen} is {@code "(absent)"} for a field the lead does not have.
 */
public record TestOutcome(String test, String seen, boolean held) {}
