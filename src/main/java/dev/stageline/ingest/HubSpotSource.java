package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HubSpot's webhooks for a public or private app: a JSON array of up to 100 contact events, signed
 * with the app's client secret. Only events of the configured portals are taken; one event of
 * another portal refuses the whole delivery, so nothing of it is half-stored.
 *
 * @param secretName the reference of the app's client secret
 * @param publicUrl the target URL configured in HubSpot, which v2 and v3 signatures cover
 * @param versions the signature versions accepted; v3 only unless configured otherwise
 * @param portalIds the HubSpot accounts (portals) whose events are taken
 */
public record HubSpotSource(
        String name,
        String secretName,
        SourceLimits limits,
        String publicUrl,
        Set<HubSpotSignature.Version> versions,
        Set<Long> portalIds,
        HubSpotEvents mapping)
        implements Source {

    public HubSpotSource {
        versions = Set.copyOf(versions);
        portalIds = Set.copyOf(portalIds);
    }

    /** Reads a {@code kind: hubspot} entry of the sources file. */
    static HubSpotSource fromConfig(SourceConfig config) {
        String secret = config.text("secret");
        SourceLimits limits = SourceLimits.from(config);
        String publicUrl = publicUrl(config);
        Set<HubSpotSignature.Version> versions = versions(config);
        Set<Long> portals = portalIds(config);
        SourceConfig types = config.section("types");
        HubSpotEvents mapping =
                new HubSpotEvents(
                        config.text("leadKeyPrefix", config.name() + ":"),
                        types.text("creation", "contact_created"),
                        types.text("propertyChange", "property_change"),
                        types.text("merge", "identity.merged"),
                        config.textMap("properties"));
        types.finish();
        config.finish();
        return new HubSpotSource(
                config.name(), secret, limits, publicUrl, versions, portals, mapping);
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        JsonBodies.requireJson(request);
        new HubSpotSignature(context.secret(name, secretName), versions)
                .verify(request, publicUrl, context.now());

        JsonNode body = JsonBodies.forLimits(limits).parse(request.body());
        List<JsonNode> items = items(body);
        requireKnownPortals(items);
        HubSpotEvents.Mapped mapped =
                mapping.events(items, context.allowedAttributes(), context.now());
        return new Delivery(deliveryId(request), mapped.events(), mapped.ignored());
    }

    private List<JsonNode> items(JsonNode body) {
        if (!body.isArray()) {
            throw RejectedRequest.badRequest(
                    "invalid_body", "HubSpot sends a JSON array of events; the body is not one");
        }
        return JsonBodies.eventArray(body, limits);
    }

    /** One event of a portal not configured refuses the delivery: it was not meant for us. */
    private void requireKnownPortals(List<JsonNode> items) {
        for (int i = 0; i < items.size(); i++) {
            JsonNode portal = items.get(i).path("portalId");
            if (!portal.isIntegralNumber() || !portal.canConvertToLong()) {
                throw RejectedRequest.badRequest(
                        "invalid_event",
                        "nothing was stored: event " + i + ": portalId must be a whole number");
            }
            if (!portalIds.contains(portal.longValue())) {
                throw new RejectedRequest(
                        403,
                        "unknown_portal",
                        "event "
                                + i
                                + " comes from HubSpot portal "
                                + portal.longValue()
                                + ", which source '"
                                + name
                                + "' does not accept; nothing was stored");
            }
        }
    }

    /** A short digest of the body, to find a delivery in the logs; HubSpot sends no delivery id. */
    private static String deliveryId(WebhookRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.body());
            return "hubspot-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static String publicUrl(SourceConfig config) {
        String text = config.text("publicUrl");
        try {
            URI uri = new URI(text);
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (!web
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw config.problem(
                        "'publicUrl' must be the http(s) URL HubSpot posts to, without a query,"
                                + " got '"
                                + text
                                + "'");
            }
        } catch (URISyntaxException e) {
            throw config.problem("'publicUrl' is not a URL: '" + text + "'");
        }
        return text;
    }

    private static Set<HubSpotSignature.Version> versions(SourceConfig config) {
        List<String> labels = config.list("signatureVersions");
        if (labels.isEmpty()) {
            return Set.of(HubSpotSignature.Version.V3);
        }
        Set<HubSpotSignature.Version> versions = EnumSet.noneOf(HubSpotSignature.Version.class);
        for (String label : labels) {
            switch (label.strip().toLowerCase(Locale.ROOT)) {
                case "v1" -> versions.add(HubSpotSignature.Version.V1);
                case "v2" -> versions.add(HubSpotSignature.Version.V2);
                case "v3" -> versions.add(HubSpotSignature.Version.V3);
                default ->
                        throw config.problem(
                                "'signatureVersions' holds '" + label + "'; known: [v1, v2, v3]");
            }
        }
        return versions;
    }

    private static Set<Long> portalIds(SourceConfig config) {
        List<String> texts = config.list("portalIds");
        if (texts.isEmpty()) {
            throw config.problem(
                    "'portalIds' is required: the HubSpot account ids whose events are taken");
        }
        Set<Long> ids = new HashSet<>();
        for (String text : texts) {
            try {
                ids.add(Long.parseLong(text.strip()));
            } catch (NumberFormatException e) {
                throw config.problem("'portalIds' holds '" + text + "', not a whole number");
            }
        }
        return ids;
    }
}
