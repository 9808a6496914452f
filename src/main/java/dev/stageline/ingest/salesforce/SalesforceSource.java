package dev.stageline.ingest.salesforce;

import dev.stageline.engine.LeadEvent;
import dev.stageline.ingest.EventValues;
import dev.stageline.ingest.FormFields;
import dev.stageline.ingest.Receipt;
import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.Reply;
import dev.stageline.ingest.SharedSecret;
import dev.stageline.ingest.Source;
import dev.stageline.ingest.SourceConfig;
import dev.stageline.ingest.SourceLimits;
import dev.stageline.ingest.WebhookRequest;
import dev.stageline.ingest.XmlBodies;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Salesforce Outbound Messaging (kind {@code salesforce}): SOAP notifications of changed Lead and
 * Contact records. Outbound messages carry no signature, so a request must name the source's secret
 * in its {@code token} query parameter (put into the outbound message's endpoint URL) and come from
 * an allowed organization. Each notification becomes one event; the answer is the SOAP
 * acknowledgement Salesforce waits for, or a SOAP fault.
 *
 * @param secretName the reference of the secret expected in {@code ?token=}
 * @param organizationIds the allowed organizations, in their case-sensitive 15-character form
 * @param occurredAt the field that dates an event, such as {@code LastModifiedDate}
 * @param types sObject type ({@code Lead}, {@code Contact}) to event type
 * @param attributes attribute name to sObject field; only attributes the model allows are kept
 */
public record SalesforceSource(
        String name,
        String secretName,
        SourceLimits limits,
        Set<String> organizationIds,
        String leadKeyPrefix,
        String occurredAt,
        Map<String, String> types,
        Map<String, String> attributes)
        implements Source {

    /** The most notifications one outbound message holds. */
    static final int MAX_NOTIFICATIONS = 100;

    static final String CONVERTED_CONTACT = "ConvertedContactId";
    static final Set<String> SOBJECT_TYPES = Set.of("Lead", "Contact");

    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final int MAX_TEXT = 4_096;

    public SalesforceSource {
        organizationIds = Set.copyOf(organizationIds);
        types = Map.copyOf(types);
        attributes = Map.copyOf(attributes);
    }

    /** Reads a {@code kind: salesforce} entry of the sources file. */
    public static SalesforceSource fromConfig(SourceConfig config) {
        List<String> organizations = config.list("organizationIds");
        if (organizations.isEmpty()) {
            throw config.problem(
                    "'organizationIds' must list the Salesforce organization ids to accept");
        }
        Set<String> canonical = new java.util.LinkedHashSet<>();
        for (String id : organizations) {
            canonical.add(
                    SalesforceIds.canonical(id)
                            .filter(c -> c.startsWith("00D"))
                            .orElseThrow(
                                    () ->
                                            config.problem(
                                                    "'organizationIds': '"
                                                            + id
                                                            + "' is no organization id (15 or 18"
                                                            + " letters and digits starting"
                                                            + " 00D)")));
        }
        Map<String, String> types = new LinkedHashMap<>();
        types.put("Lead", "lead_updated");
        types.put("Contact", "contact_updated");
        config.textMap("types")
                .forEach(
                        (type, event) -> {
                            if (!SOBJECT_TYPES.contains(type)) {
                                throw config.problem(
                                        "'types."
                                                + type
                                                + "': the sObject types are Lead and Contact");
                            }
                            types.put(type, event);
                        });
        SalesforceSource source =
                new SalesforceSource(
                        config.name(),
                        config.text("secret"),
                        SourceLimits.from(config),
                        canonical,
                        config.text("leadKeyPrefix", config.name() + ":"),
                        config.text("occurredAt", "LastModifiedDate"),
                        types,
                        config.textMap("attributes"));
        config.finish();
        if (source.limits().maxEvents() > MAX_NOTIFICATIONS) {
            throw config.problem(
                    "limits.events: an outbound message holds at most "
                            + MAX_NOTIFICATIONS
                            + " notifications");
        }
        return source;
    }

    @Override
    public Delivery read(WebhookRequest request, Context context) {
        if (!request.method().equals("POST")) {
            throw new RejectedRequest(
                    405, "method_not_allowed", "Outbound Messaging posts; got " + request.method());
        }
        requireXml(request);
        authenticate(request, context.secret(name, secretName));

        XmlBodies.Element envelope =
                new XmlBodies(limits, Math.max(limits.maxFields(), limits.maxEvents() + 8))
                        .parse(request.body());
        OutboundMessage message = OutboundMessage.from(envelope);
        boolean allowed =
                SalesforceIds.canonical(message.organizationId())
                        .filter(organizationIds::contains)
                        .isPresent();
        if (!allowed) {
            throw new RejectedRequest(
                    403,
                    "organization_not_allowed",
                    "organization '"
                            + RejectedRequest.printable(message.organizationId())
                            + "' is not in organizationIds of source '"
                            + name
                            + "'");
        }
        if (message.notifications().size() > limits.maxEvents()) {
            throw new RejectedRequest(
                    413,
                    "batch_too_large",
                    "a message holds at most "
                            + limits.maxEvents()
                            + " notifications, got "
                            + message.notifications().size());
        }
        return new Delivery(
                message.organizationId() + ":" + message.notifications().getFirst().id(),
                events(message, context.allowedAttributes(), context.now()));
    }

    @Override
    public Reply accepted(Receipt receipt) {
        return SoapReplies.ack();
    }

    @Override
    public Reply refused(RejectedRequest refusal) {
        return SoapReplies.fault(refusal.status(), refusal.code(), refusal.getMessage());
    }

    private static void requireXml(WebhookRequest request) {
        String type = request.header("content-type");
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("text/xml") && !mediaType.equals("application/xml")) {
            throw new RejectedRequest(
                    415,
                    "unsupported_content_type",
                    "Outbound Messaging sends text/xml, got '"
                            + RejectedRequest.printable(type)
                            + "'");
        }
    }

    /** The {@code token} query parameter must be the source's secret. */
    private void authenticate(WebhookRequest request, String secret) {
        List<String> tokens;
        try {
            tokens = FormFields.parse(request.query()).getOrDefault("token", List.of());
        } catch (IllegalArgumentException e) {
            throw RejectedRequest.badRequest(
                    "malformed_query", "the query string cannot be read: " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            throw RejectedRequest.unauthorized(
                    "missing_token",
                    "the request has no token parameter; end the outbound message's endpoint URL"
                            + " with ?token= and the source's secret");
        }
        if (tokens.size() > 1 || !SharedSecret.matches(secret, tokens.getFirst())) {
            throw RejectedRequest.unauthorized(
                    "bad_token", "the token parameter is not the secret of source '" + name + "'");
        }
    }

    /** Maps every notification, or refuses the message naming the bad ones (up to ten). */
    List<LeadEvent> events(OutboundMessage message, Set<String> allowed, Instant now) {
        List<LeadEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < message.notifications().size(); i++) {
            try {
                events.add(event(message, message.notifications().get(i), allowed, now));
            } catch (RejectedRequest e) {
                problems.add("notification " + i + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw EventValues.nothingStored(problems);
        }
        return events;
    }

    private LeadEvent event(
            OutboundMessage message,
            OutboundMessage.Notification notification,
            Set<String> allowed,
            Instant now) {
        String eventType = types.get(notification.type());
        if (eventType == null) {
            throw invalid(
                    "sObject type sf:"
                            + RejectedRequest.printable(notification.type())
                            + " is not taken; send Lead or Contact");
        }
        String recordId = recordId(notification.fields().get("Id"), "the sObject's Id");
        id(notification.id(), "the notification Id");
        Instant at = occurredAt(notification);
        if (at.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw invalid(occurredAt + " is " + at + ", more than a day in the future");
        }

        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach(
                (attribute, field) -> {
                    String value = notification.fields().get(field);
                    if (value != null && allowed.contains(attribute)) {
                        values.put(attribute, attributeValue(attribute, value));
                    }
                });
        List<String> aliases = new ArrayList<>();
        String converted = notification.fields().get(CONVERTED_CONTACT);
        if (notification.type().equals("Lead") && converted != null && !converted.isEmpty()) {
            aliases.add(leadKeyPrefix + recordId(converted, CONVERTED_CONTACT));
        }
        return new LeadEvent(
                leadKeyPrefix + recordId,
                message.organizationId() + ":" + notification.id(),
                at,
                eventType,
                values,
                aliases);
    }

    private Instant occurredAt(OutboundMessage.Notification notification) {
        String text = notification.fields().get(occurredAt);
        if (text == null || text.isEmpty()) {
            throw invalid(
                    "the sObject has no "
                            + occurredAt
                            + "; add the field "
                            + occurredAt
                            + " to the outbound message, it dates the event");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw invalid(
                    occurredAt
                            + " must be a date-time with an offset, got '"
                            + RejectedRequest.printable(text)
                            + "'");
        }
        EventValues.timeProblem(at)
                .ifPresent(
                        problem -> {
                            throw invalid(occurredAt + " " + problem);
                        });
        return at;
    }

    private static String recordId(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw invalid(what + " is missing");
        }
        if (SalesforceIds.canonical(value).isEmpty()) {
            throw invalid(
                    what
                            + " '"
                            + RejectedRequest.printable(value)
                            + "' is no Salesforce id (15 or 18 letters and digits)");
        }
        return value;
    }

    private static void id(String value, String what) {
        if (value.length() > 256) {
            throw invalid(what + " is longer than 256 characters");
        }
        EventValues.idProblem(value)
                .ifPresent(
                        problem -> {
                            throw invalid(what + " " + problem);
                        });
    }

    private static String attributeValue(String attribute, String value) {
        if (value.length() > MAX_TEXT) {
            throw invalid("attribute " + attribute + " is longer than " + MAX_TEXT + " characters");
        }
        EventValues.attributeProblem(value)
                .ifPresent(
                        problem -> {
                            throw invalid("attribute " + attribute + " " + problem);
                        });
        return value;
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_event", message);
    }
}
