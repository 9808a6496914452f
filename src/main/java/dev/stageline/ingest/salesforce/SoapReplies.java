package dev.stageline.ingest.salesforce;

import dev.stageline.ingest.Reply;

/**
 * The SOAP 1.1 answers Salesforce Outbound Messaging expects: an acknowledgement, without which
 * Salesforce retries the message for a day, or a fault that says what was wrong.
 */
final class SoapReplies {

    static final String ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String OUTBOUND = "http://soap.sforce.com/2005/09/outbound";
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private SoapReplies() {}

    /** {@code notificationsResponse} with {@code <Ack>true</Ack>}. */
    static Reply ack() {
        return new Reply(
                200,
                CONTENT_TYPE,
                envelope(
                        "<notificationsResponse xmlns=\""
                                + OUTBOUND
                                + "\"><Ack>true</Ack></notificationsResponse>"));
    }

    /**
     * A fault with the caller's status: {@code soapenv:Client} for a refusal, {@code
     * soapenv:Server} when the service failed and a retry may succeed.
     */
    static Reply fault(int status, String code, String message) {
        String faultCode = status >= 500 ? "soapenv:Server" : "soapenv:Client";
        return new Reply(
                status,
                CONTENT_TYPE,
                envelope(
                        "<soapenv:Fault><faultcode>"
                                + faultCode
                                + "</faultcode><faultstring>"
                                + escape(code + ": " + message)
                                + "</faultstring></soapenv:Fault>"));
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\""
                + ENVELOPE
                + "\"><soapenv:Body>"
                + body
                + "</soapenv:Body></soapenv:Envelope>";
    }

    /** Text for an XML element; characters XML 1.0 cannot hold become '?'. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints()
                .forEach(
                        c -> {
                            switch (c) {
                                case '&' -> escaped.append("&amp;");
                                case '<' -> escaped.append("&lt;");
                                case '>' -> escaped.append("&gt;");
                                case '"' -> escaped.append("&quot;");
                                default -> {
                                    boolean allowed =
                                            c == '\t'
                                                    || c == '\n'
                                                    || c == '\r'
                                                    || (c >= 0x20 && c <= 0xD7FF)
                                                    || (c >= 0xE000 && c <= 0xFFFD)
                                                    || c >= 0x10000;
                                    escaped.appendCodePoint(allowed ? c : '?');
                                }
                            }
                        });
        return escaped.toString();
    }
}
