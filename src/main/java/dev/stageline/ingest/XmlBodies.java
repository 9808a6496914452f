package dev.stageline.ingest;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses XML bodies into a small element tree within a source's limits, with DTDs and external
 * entities off: a body that declares a DOCTYPE is refused outright, so neither an external entity
 * (XXE) nor an entity expansion ("billion laughs") is ever resolved. Depth, children per element,
 * elements in all and text length are bounded while reading, before the tree grows.
 *
 * <p>{@code xsi:type} values are resolved against the namespaces in scope where they appear, as
 * {@code {namespace}localName}, since a prefix means nothing once the reader has moved on.
 */
public final class XmlBodies {

    public static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private static final int MAX_ATTRIBUTES = 32;

    private final SourceLimits limits;
    private final int maxChildren;
    private final XMLInputFactory factory;

    /**
     * @param maxChildren the most child elements one element may hold (a batch's container holds
     *     its events)
     */
    public XmlBodies(SourceLimits limits, int maxChildren) {
        this.limits = limits;
        this.maxChildren = maxChildren;
        this.factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    }

    /**
     * One element: its namespace and local name, attributes keyed {@code {namespace}name} (a
     * resolved {@code xsi:type} as its value), its own text and its child elements.
     */
    public record Element(
            String namespace,
            String name,
            Map<String, String> attributes,
            String text,
            List<Element> children) {

        public Element {
            attributes = Map.copyOf(attributes);
            children = List.copyOf(children);
        }

        public boolean is(String namespace, String name) {
            return this.namespace.equals(namespace) && this.name.equals(name);
        }

        /** The first child with this namespace and name. */
        public Optional<Element> child(String namespace, String name) {
            return children.stream().filter(c -> c.is(namespace, name)).findFirst();
        }

        public List<Element> all(String namespace, String name) {
            return children.stream().filter(c -> c.is(namespace, name)).toList();
        }

        public Optional<String> attribute(String namespace, String name) {
            return Optional.ofNullable(attributes.get("{" + namespace + "}" + name));
        }

        /** Whether the element says {@code xsi:nil="true"}. */
        public boolean nil() {
            return attribute(XSI, "nil").map(v -> v.strip().equals("true")).orElse(false);
        }
    }

    /**
     * @throws RejectedRequest 400 {@code malformed_body} when the body is not well-formed XML
     *     within limits, or declares a DOCTYPE
     */
    public Element parse(byte[] body) {
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            return read(reader);
        } catch (XMLStreamException e) {
            throw RejectedRequest.badRequest(
                    "malformed_body", "the body is not well-formed XML" + where(e));
        } catch (RejectedRequest e) {
            throw e;
        } catch (RuntimeException e) {
            // The JDK's reader reports some broken encodings as unchecked exceptions.
            throw RejectedRequest.badRequest(
                    "malformed_body", "the body is not well-formed XML in its declared encoding");
        } finally {
            close(reader);
        }
    }

    private Element read(XMLStreamReader reader) throws XMLStreamException {
        List<Builder> open = new ArrayList<>();
        Element root = null;
        int elements = 0;
        int maxElements = limits.maxEvents() * (limits.maxFields() + 4) + 32;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                        throw RejectedRequest.badRequest(
                                "malformed_body",
                                "the body declares a DOCTYPE or uses an entity; Stageline reads"
                                        + " XML without DTDs or entities");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > maxElements) {
                        throw tooLarge("more than " + maxElements + " elements");
                    }
                    if (open.size() >= limits.maxDepth()) {
                        throw tooLarge("elements nested deeper than " + limits.maxDepth());
                    }
                    if (!open.isEmpty() && ++open.getLast().childCount > maxChildren) {
                        throw tooLarge("an element with more than " + maxChildren + " children");
                    }
                    open.add(start(reader));
                }
                case XMLStreamConstants.CHARACTERS,
                        XMLStreamConstants.CDATA,
                        XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        StringBuilder text = open.getLast().text;
                        text.append(reader.getText());
                        if (text.length() > limits.maxStringLength()) {
                            throw tooLarge(
                                    "a text longer than "
                                            + limits.maxStringLength()
                                            + " characters");
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element done = open.removeLast().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.getLast().children.add(done);
                    }
                }
                default -> {}
            }
        }
        if (root == null) {
            throw RejectedRequest.badRequest("malformed_body", "the body holds no XML element");
        }
        return root;
    }

    private Builder start(XMLStreamReader reader) {
        if (reader.getAttributeCount() > MAX_ATTRIBUTES) {
            throw tooLarge("an element with more than " + MAX_ATTRIBUTES + " attributes");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String namespace = Optional.ofNullable(reader.getAttributeNamespace(i)).orElse("");
            String name = reader.getAttributeLocalName(i);
            String value = reader.getAttributeValue(i);
            if (value.length() > limits.maxStringLength()) {
                throw tooLarge("an attribute longer than " + limits.maxStringLength());
            }
            if (namespace.equals(XSI) && name.equals("type")) {
                value = resolve(reader, value.strip());
            }
            attributes.put("{" + namespace + "}" + name, value);
        }
        return new Builder(
                Optional.ofNullable(reader.getNamespaceURI()).orElse(""),
                reader.getLocalName(),
                attributes);
    }

    /** {@code prefix:name} as {@code {namespace}name}; an unbound prefix resolves to nothing. */
    private static String resolve(XMLStreamReader reader, String qualified) {
        int colon = qualified.indexOf(':');
        String prefix = colon < 0 ? "" : qualified.substring(0, colon);
        String local = qualified.substring(colon + 1);
        String namespace = reader.getNamespaceContext().getNamespaceURI(prefix);
        return "{" + Optional.ofNullable(namespace).orElse("") + "}" + local;
    }

    private RejectedRequest tooLarge(String what) {
        return RejectedRequest.badRequest(
                "malformed_body", "the body exceeds a limit of this source: " + what);
    }

    private static String where(XMLStreamException e) {
        if (e.getLocation() == null || e.getLocation().getLineNumber() < 0) {
            return "";
        }
        return " at line "
                + e.getLocation().getLineNumber()
                + ", column "
                + e.getLocation().getColumnNumber();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // Nothing is left to release; the answer is already decided.
            }
        }
    }

    private static final class Builder {
        private final String namespace;
        private final String name;
        private final Map<String, String> attributes;
        private final StringBuilder text = new StringBuilder();
        private final List<Element> children = new ArrayList<>();
        private int childCount;

        Builder(String namespace, String name, Map<String, String> attributes) {
            this.namespace = namespace;
            this.name = name;
            this.attributes = attributes;
        }

        Element build() {
            return new Element(namespace, name, attributes, text.toString(), children);
        }
    }
}
