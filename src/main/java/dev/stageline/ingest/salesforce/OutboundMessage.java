package dev.stageline.ingest.salesforce;

import dev.stageline.ingest.RejectedRequest;
import dev.stageline.ingest.XmlBodies.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Outbound Messaging delivery as read from its SOAP envelope: the sending organization and its
 * notifications, each the record's fields as they were when the message was sent.
 */
record OutboundMessage(String organizationId, List<Notification> notifications) {

    /** The namespace of an sObject's fields in the enterprise WSDL Salesforce generates. */
    static final String SOBJECT = "urn:sobject.enterprise.soap.sforce.com";

    OutboundMessage {
        notifications = List.copyOf(notifications);
    }

    /**
     * One changed record.
     *
     * @param id the notification's id, the same on every retry of it
     * @param type the sObject type, such as {@code Lead} or {@code Contact}
     * @param fields the fields the message carries, without those sent as nil
     */
    record Notification(String id, String type, Map<String, String> fields) {

        Notification {
            fields = Map.copyOf(fields);
        }
    }

    /**
     * @throws RejectedRequest 400 naming what the envelope lacks
     */
    static OutboundMessage from(Element envelope) {
        if (!envelope.is(SoapReplies.ENVELOPE, "Envelope")) {
            throw invalid(
                    "the body is not a SOAP 1.1 envelope (its root is <"
                            + RejectedRequest.printable(envelope.name())
                            + ">)");
        }
        Element notifications =
                envelope.child(SoapReplies.ENVELOPE, "Body")
                        .flatMap(body -> body.child(SoapReplies.OUTBOUND, "notifications"))
                        .orElseThrow(
                                () ->
                                        invalid(
                                                "the SOAP body holds no <notifications> of "
                                                        + SoapReplies.OUTBOUND));
        String organization =
                text(notifications, "OrganizationId")
                        .orElseThrow(() -> invalid("<OrganizationId> is missing"));
        List<Element> items = notifications.all(SoapReplies.OUTBOUND, "Notification");
        if (items.isEmpty()) {
            throw invalid("the message holds no <Notification>");
        }
        List<Notification> read = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            read.add(notification(items.get(i), i));
        }
        return new OutboundMessage(organization, read);
    }

    private static Notification notification(Element item, int index) {
        String where = "notification " + index + ": ";
        String id = text(item, "Id").orElseThrow(() -> invalid(where + "<Id> is missing"));
        Element sObject =
                item.child(SoapReplies.OUTBOUND, "sObject")
                        .orElseThrow(() -> invalid(where + "<sObject> is missing"));
        String type =
                sObject.attribute(dev.stageline.ingest.XmlBodies.XSI, "type")
                        .orElseThrow(() -> invalid(where + "the sObject has no xsi:type"));
        String prefix = "{" + SOBJECT + "}";
        if (!type.startsWith(prefix)) {
            throw invalid(
                    where
                            + "the sObject's xsi:type is not in "
                            + SOBJECT
                            + " ('"
                            + RejectedRequest.printable(type)
                            + "')");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element field : sObject.children()) {
            if (!field.namespace().equals(SOBJECT)) {
                throw invalid(
                        where
                                + "field <"
                                + RejectedRequest.printable(field.name())
                                + "> is not in the sf: namespace "
                                + SOBJECT);
            }
            if (!field.children().isEmpty()) {
                throw invalid(
                        where
                                + "field "
                                + RejectedRequest.printable(field.name())
                                + " holds elements; Stageline reads fields with one value");
            }
            if (fields.containsKey(field.name())) {
                throw invalid(
                        where + "field " + RejectedRequest.printable(field.name()) + " repeats");
            }
            if (!field.nil()) {
                fields.put(field.name(), field.text().strip());
            }
        }
        return new Notification(id, type.substring(prefix.length()), fields);
    }

    private static Optional<String> text(Element parent, String name) {
        return parent.child(SoapReplies.OUTBOUND, name)
                .filter(e -> !e.nil())
                .map(e -> e.text().strip())
                .filter(t -> !t.isEmpty());
    }

    private static RejectedRequest invalid(String message) {
        return RejectedRequest.badRequest("invalid_message", message);
    }
}
