package dev.stageline.fuzz;

/**
 * One generated hostile or malformed webhook request, and the kind of attack it stands for (the
 * fuzz suite counts outcomes per kind).
 */
public record FuzzCase(String kind, String source, dev.stageline.ingest.WebhookRequest request) {}
