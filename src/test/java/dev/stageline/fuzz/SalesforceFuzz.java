package dev.stageline.fuzz;

import dev.stageline.ingest.WebhookRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile and malformed Outbound Messaging requests for the {@code salesforce} source of
 * config/sources.yaml: broken XML, external entities, entity expansion, a foreign organization,
 * missing or wrong tokens and more. Every case must be refused with a 4xx and store nothing, given
 * the secrets in {@link #SECRETS} (the environment variable the source names, and its value).
 */
public final class SalesforceFuzz {

    public static final String SOURCE = "salesforce";
    public static final String SECRET = "sf-sample-secret-2f9c41d7";
    public static final Map<String, String> SECRETS = Map.of("STAGELINE_SECRET_SALESFORCE", SECRET);

    private static final String ORG = "00D5g000004ZQxEEAW";
    private static final String ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SalesforceFuzz() {}

    /** At least 150 cases, different for each seed of {@code random}. */
    public static List<FuzzCase> cases(Random random) {
        List<Function<Random, FuzzCase>> kinds =
                List.of(
                        SalesforceFuzz::brokenXml,
                        SalesforceFuzz::externalEntity,
                        SalesforceFuzz::entityExpansion,
                        SalesforceFuzz::wrongOrganization,
                        SalesforceFuzz::missingToken,
                        SalesforceFuzz::wrongToken,
                        SalesforceFuzz::wrongContentType,
                        SalesforceFuzz::invalidUtf8,
                        SalesforceFuzz::deepNesting,
                        SalesforceFuzz::hugeBatch,
                        SalesforceFuzz::oversize,
                        SalesforceFuzz::missingLastModified,
                        SalesforceFuzz::otherSObject,
                        SalesforceFuzz::badRecordId,
                        SalesforceFuzz::futureDate,
                        SalesforceFuzz::wrongMethod,
                        SalesforceFuzz::garbage);
        List<FuzzCase> cases = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (Function<Random, FuzzCase> kind : kinds) {
                cases.add(kind.apply(random));
            }
        }
        return cases;
    }

    private static String id(Random random, String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        while (id.length() < 18) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private static String lead(Random random, String type, String fields) {
        return "<Notification><Id>"
                + id(random, "04l")
                + "</Id><sObject xsi:type=\""
                + type
                + "\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\"><sf:Id>"
                + id(random, "00Q")
                + "</sf:Id>"
                + fields
                + "</sObject></Notification>";
    }

    private static String dated(Random random) {
        return lead(
                random,
                "sf:Lead",
                "<sf:LastModifiedDate>2026-11-0"
                        + (1 + random.nextInt(9))
                        + "T10:00:00.000Z</sf:LastModifiedDate><sf:Status>Open</sf:Status>");
    }

    private static String message(String organization, String notifications) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
                + "<notifications xmlns=\"http://soap.sforce.com/2005/09/outbound\">"
                + "<OrganizationId>"
                + organization
                + "</OrganizationId><SessionId xsi:nil=\"true\"/>"
                + notifications
                + "</notifications></soapenv:Body></soapenv:Envelope>";
    }

    private static FuzzCase signed(String kind, byte[] body) {
        return request(kind, "POST", "token=" + SECRET, "text/xml; charset=utf-8", body);
    }

    private static FuzzCase signed(String kind, String body) {
        return signed(kind, body.getBytes(StandardCharsets.UTF_8));
    }

    private static FuzzCase request(
            String kind, String method, String query, String contentType, byte[] body) {
        return new FuzzCase(
                kind,
                SOURCE,
                new WebhookRequest(
                        SOURCE, method, query, Map.of("content-type", contentType), body));
    }

    private static FuzzCase brokenXml(Random random) {
        String whole = message(ORG, dated(random));
        int cut = 1 + random.nextInt(whole.length() - "</soapenv:Envelope>".length());
        return signed("broken_xml", whole.substring(0, cut));
    }

    private static FuzzCase externalEntity(Random random) {
        String[] targets = {
            "file:///etc/passwd",
            "file:///proc/self/environ",
            "http://127.0.0.1:9/x",
            "jar:file:///x!/y"
        };
        String target = targets[random.nextInt(targets.length)];
        String dtd =
                random.nextBoolean()
                        ? "<!DOCTYPE e [<!ENTITY x SYSTEM \"" + target + "\">]>"
                        : "<!DOCTYPE e SYSTEM \"" + target + "\">";
        return signed(
                "xxe",
                "<?xml version=\"1.0\"?>" + dtd + message("&x;", dated(random)).substring(38));
    }

    private static FuzzCase entityExpansion(Random random) {
        int depth = 3 + random.nextInt(8);
        StringBuilder dtd = new StringBuilder("<!DOCTYPE e [<!ENTITY a0 \"ha\">");
        for (int i = 1; i <= depth; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"");
            dtd.append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        return signed(
                "entity_expansion", dtd + message(ORG, "<x>&a" + depth + ";</x>").substring(38));
    }

    private static FuzzCase wrongOrganization(Random random) {
        return signed("wrong_org", message(id(random, "00D"), dated(random)));
    }

    private static FuzzCase missingToken(Random random) {
        String[] queries = {"", "tok=" + SECRET, "token", "x=1&y=2"};
        return request(
                "missing_token",
                "POST",
                queries[random.nextInt(queries.length)],
                "text/xml",
                message(ORG, dated(random)).getBytes(StandardCharsets.UTF_8));
    }

    private static FuzzCase wrongToken(Random random) {
        String[] tokens = {
            SECRET.substring(0, SECRET.length() - 1),
            SECRET + "0",
            SECRET.toUpperCase(),
            id(random, ""),
            SECRET + "&token=" + SECRET,
            ""
        };
        return request(
                "bad_token",
                "POST",
                "token=" + tokens[random.nextInt(tokens.length)],
                "text/xml",
                message(ORG, dated(random)).getBytes(StandardCharsets.UTF_8));
    }

    private static FuzzCase wrongContentType(Random random) {
        String[] types = {
            "application/json", "text/plain", "", "application/soap+xml", "text/html"
        };
        return request(
                "wrong_content_type",
                "POST",
                "token=" + SECRET,
                types[random.nextInt(types.length)],
                message(ORG, dated(random)).getBytes(StandardCharsets.UTF_8));
    }

    private static FuzzCase invalidUtf8(Random random) {
        String whole = message(ORG, dated(random));
        int at = whole.indexOf("Open");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(whole.substring(0, at).getBytes(StandardCharsets.UTF_8));
        byte[][] bad = {
            {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
        };
        body.writeBytes(bad[random.nextInt(bad.length)]);
        body.writeBytes(whole.substring(at).getBytes(StandardCharsets.UTF_8));
        return signed("invalid_utf8", body.toByteArray());
    }

    private static FuzzCase deepNesting(Random random) {
        int depth = 17 + random.nextInt(500);
        return signed(
                "deep_nesting",
                message(ORG, lead(random, "sf:Lead", "<a>".repeat(depth) + "</a>".repeat(depth))));
    }

    private static FuzzCase hugeBatch(Random random) {
        int count = 101 + random.nextInt(200);
        StringBuilder notifications = new StringBuilder();
        for (int i = 0; i < count; i++) {
            notifications.append(dated(random));
        }
        return signed("huge_batch", message(ORG, notifications.toString()));
    }

    private static FuzzCase oversize(Random random) {
        int size = 256 * 1024 + 1 + random.nextInt(64 * 1024);
        return signed(
                "oversize",
                message(
                        ORG,
                        lead(
                                random,
                                "sf:Lead",
                                "<sf:Status>" + "x".repeat(size) + "</sf:Status>")));
    }

    private static FuzzCase missingLastModified(Random random) {
        return signed("missing_last_modified", message(ORG, lead(random, "sf:Lead", "")));
    }

    private static FuzzCase otherSObject(Random random) {
        String[] types = {"sf:Opportunity", "sf:Account", "Lead", "xsd:string", "other:Lead"};
        return signed(
                "wrong_sobject",
                message(
                        ORG,
                        lead(
                                random,
                                types[random.nextInt(types.length)],
                                "<sf:LastModifiedDate>2026-11-01T00:00:00Z</sf:LastModifiedDate>")));
    }

    private static FuzzCase badRecordId(Random random) {
        String[] ids = {"", "not-an-id", "00Q5g", "00Q5g00000Ab1Cd\u0007xx", "x".repeat(300)};
        String body =
                message(
                        ORG,
                        "<Notification><Id>"
                                + id(random, "04l")
                                + "</Id><sObject xsi:type=\"sf:Lead\""
                                + " xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\"><sf:Id>"
                                + ids[random.nextInt(ids.length)]
                                + "</sf:Id><sf:LastModifiedDate>2026-11-01T00:00:00Z"
                                + "</sf:LastModifiedDate></sObject></Notification>");
        return signed("bad_record_id", body);
    }

    private static FuzzCase futureDate(Random random) {
        String[] dates = {
            "2999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "yesterday", "2026-13-01T00:00:00Z"
        };
        return signed(
                "bad_date",
                message(
                        ORG,
                        lead(
                                random,
                                "sf:Lead",
                                "<sf:LastModifiedDate>"
                                        + dates[random.nextInt(dates.length)]
                                        + "</sf:LastModifiedDate>")));
    }

    private static FuzzCase wrongMethod(Random random) {
        String[] methods = {"GET", "PUT", "DELETE", "PATCH"};
        return request(
                "wrong_method",
                methods[random.nextInt(methods.length)],
                "token=" + SECRET,
                "text/xml",
                message(ORG, dated(random)).getBytes(StandardCharsets.UTF_8));
    }

    private static FuzzCase garbage(Random random) {
        byte[] body = new byte[1 + random.nextInt(2048)];
        random.nextBytes(body);
        return signed("garbage", body);
    }
}
