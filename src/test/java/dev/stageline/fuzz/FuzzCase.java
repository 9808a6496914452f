package dev.stageline.fuzz;

public record FuzzCase(String kind, String source, dev.stageline.ingest.WebhookRequest request) {}
