package dev.stageline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies HubSpot's request signatures with an app's client secret. HubSpot signs three ways:
 *
 * <ul>
 *   <li>v1: {@code X-HubSpot-Signature} is hex SHA-256 of {@code secret + body};
 *   <li>v2: the same header, hex SHA-256 of {@code secret + method + uri + body};
 *   <li>v3: {@code X-HubSpot-Signature-v3} is base64 HMAC-SHA256, keyed by the secret, of {@code
 *       method + uri + body + timestamp}, the timestamp being {@code X-HubSpot-Request-Timestamp}
 *       in epoch milliseconds as sent.
 * </ul>
 *
 * <p>v1 and v2 carry no timestamp, so a captured request verifies for ever; they are accepted only
 * when a source's configuration lists them. The URI is the public URL from configuration plus the
 * raw query string, never one rebuilt from the request, which a custom domain or a proxy changes.
 *
 * <pre>{@code
 * HubSpotSignature signature = new HubSpotSignature(secret, Set.of(Version.V3));
 * signature.verify(request, "https://api.example.com/webhooks/hubspot", clock.instant());
 * }</pre>
 */
public final class HubSpotSignature {

    /** How far a v3 timestamp may be from now, either way. */
    public static final Duration TOLERANCE = SignedTimes.TOLERANCE;

    /** The signature versions HubSpot sends. */
    public enum Version {
        V1,
        V2,
        V3;

        /**
         * The version as HubSpot and the configuration write it: {@code v1}, {@code v2}, {@code
         * v3}.
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Characters HubSpot writes decoded in the URI it signs for v3, though a client may have sent
     * them percent-encoded in the query.
     */
    private static final Map<String, String> V3_DECODED =
            Map.ofEntries(
                    Map.entry("%3A", ":"),
                    Map.entry("%2F", "/"),
                    Map.entry("%3F", "?"),
                    Map.entry("%40", "@"),
                    Map.entry("%21", "!"),
                    Map.entry("%24", "$"),
                    Map.entry("%27", "'"),
                    Map.entry("%28", "("),
                    Map.entry("%29", ")"),
                    Map.entry("%2A", "*"),
                    Map.entry("%2C", ","),
                    Map.entry("%3B", ";"));

    private final byte[] secret;
    private final Set<Version> accepted;

    /**
     * @param accepted the versions this source accepts; a request signed only otherwise is refused
     */
    public HubSpotSignature(String secret, Set<Version> accepted) {
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("at least one signature version must be accepted");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.accepted = Set.copyOf(accepted);
    }

    /**
     * Checks the request's signature headers (names lower case) against its raw body, preferring v3
     * when the request carries it and v3 is accepted.
     *
     * @param publicUrl the URL HubSpot posts to, as configured for the app, without a query
     * @throws RejectedRequest 401 when no accepted signature is present, it does not match, or a v3
     *     timestamp is outside {@link #TOLERANCE}
     */
    public void verify(WebhookRequest request, String publicUrl, Instant now) {
        String uri = request.query().isEmpty() ? publicUrl : publicUrl + "?" + request.query();
        String v3 = request.header("x-hubspot-signature-v3").strip();
        if (!v3.isEmpty() && accepted.contains(Version.V3)) {
            verifyV3(request, uri, v3, now);
            return;
        }
        String older = request.header("x-hubspot-signature").strip();
        if (older.isEmpty()) {
            throw RejectedRequest.unauthorized(
                    "missing_signature",
                    v3.isEmpty()
                            ? "no X-HubSpot-Signature-v3 header; the request is not from HubSpot"
                            : "the request is signed with v3 only, which this source does not"
                                    + " accept; accepted: "
                                    + labels());
        }
        Version version = olderVersion(request.header("x-hubspot-signature-version"));
        if (!accepted.contains(version)) {
            throw RejectedRequest.unauthorized(
                    "signature_version_not_accepted",
                    "the request is signed with "
                            + version.label()
                            + ", which this source does not accept; accepted: "
                            + labels());
        }
        byte[] expected =
                version == Version.V1
                        ? v1(request.body())
                        : v2(request.method(), uri, request.body());
        byte[] given = hex(older);
        if (given.length == 0 || !MessageDigest.isEqual(expected, given)) {
            throw badSignature("X-HubSpot-Signature (" + version.label() + ")");
        }
    }

    /** Hex SHA-256 of {@code secret + body}: the v1 signature. */
    public String signV1(byte[] body) {
        return HexFormat.of().formatHex(v1(body));
    }

    /** Hex SHA-256 of {@code secret + method + uri + body}: the v2 signature. */
    public String signV2(String method, String uri, byte[] body) {
        return HexFormat.of().formatHex(v2(method, uri, body));
    }

    /** Base64 HMAC-SHA256 of {@code method + uri + body + timestamp}: the v3 signature. */
    public String signV3(String method, String uri, byte[] body, String timestamp) {
        return Base64.getEncoder().encodeToString(v3(method, uri, body, timestamp));
    }

    private void verifyV3(WebhookRequest request, String uri, String signature, Instant now) {
        String timestamp = request.header("x-hubspot-request-timestamp").strip();
        if (timestamp.isEmpty()) {
            throw RejectedRequest.unauthorized(
                    "missing_signature",
                    "X-HubSpot-Signature-v3 comes with X-HubSpot-Request-Timestamp, which is"
                            + " missing");
        }
        SignedTimes.requireFreshMillis("X-HubSpot-Request-Timestamp", timestamp, now);
        byte[] expected = v3(request.method(), decodedForV3(uri), request.body(), timestamp);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw badSignature("X-HubSpot-Signature-v3");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw badSignature("X-HubSpot-Signature-v3");
        }
    }

    private static Version olderVersion(String header) {
        String label = header.strip().toLowerCase(Locale.ROOT);
        return switch (label) {
            case "v1", "" -> Version.V1;
            case "v2" -> Version.V2;
            default ->
                    throw RejectedRequest.unauthorized(
                            "signature_version_not_accepted",
                            "X-HubSpot-Signature-Version must be v1 or v2, got '"
                                    + RejectedRequest.printable(header)
                                    + "'");
        };
    }

    private static String decodedForV3(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        StringBuilder decoded = new StringBuilder(uri.substring(0, query + 1));
        String rest = uri.substring(query + 1);
        for (int i = 0; i < rest.length(); i++) {
            String escape =
                    i + 3 <= rest.length() ? rest.substring(i, i + 3).toUpperCase(Locale.ROOT) : "";
            String plain = V3_DECODED.get(escape);
            if (plain != null) {
                decoded.append(plain);
                i += 2;
            } else {
                decoded.append(rest.charAt(i));
            }
        }
        return decoded.toString();
    }

    private byte[] v1(byte[] body) {
        MessageDigest digest = sha256();
        digest.update(secret);
        return digest.digest(body);
    }

    private byte[] v2(String method, String uri, byte[] body) {
        MessageDigest digest = sha256();
        digest.update(secret);
        digest.update((method + uri).getBytes(StandardCharsets.UTF_8));
        return digest.digest(body);
    }

    private byte[] v3(String method, String uri, byte[] body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((method + uri).getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** The bytes of a hex signature, or none when it is not 64 hex digits. */
    private static byte[] hex(String text) {
        if (text.length() != 64) {
            return new byte[0];
        }
        try {
            return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private String labels() {
        return accepted.stream().sorted().map(Version::label).toList().toString();
    }

    private static RejectedRequest badSignature(String header) {
        return RejectedRequest.unauthorized(
                "bad_signature",
                header
                        + " does not match the request; check the app's client secret and the"
                        + " source's publicUrl");
    }
}
