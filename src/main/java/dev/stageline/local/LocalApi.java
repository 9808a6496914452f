package dev.stageline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the HTTP API on the loopback interface the way API Gateway's HTTP API would: each request
 * becomes an {@link APIGatewayV2HTTPEvent} (payload format 2.0, lower-case header names, form and
 * binary bodies base64-encoded) handed to the same handler class that Lambda runs.
 */
public final class LocalApi implements AutoCloseable {

    /** API Gateway's HTTP API refuses larger payloads before a function sees them. */
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;

    private static final dev.stageline.log.JsonLog LOG =
            dev.stageline.log.JsonLog.named("local-api");

    private final HttpServer server;
    private final List<Route> routes = new ArrayList<>();

    private LocalApi(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds to 127.0.0.1 on {@code port} (0 picks a free one); call {@link #route} then {@link
     * #start}.
     */
    public static LocalApi bind(int port) throws IOException {
        HttpServer server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        return new LocalApi(server);
    }

    /** Adds a route such as {@code GET /leads/{leadKey}}; path parameters are whole segments. */
    public LocalApi route(
            String method,
            String pathTemplate,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        routes.add(new Route(method, pathTemplate, handler));
        return this;
    }

    public LocalApi start() {
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                reply(exchange, 413, "{\"message\":\"Request Entity Too Large\"}");
                return;
            }

            for (Route route : routes) {
                Optional<Map<String, String>> parameters = route.match(method, rawPath);
                if (parameters.isPresent()) {
                    APIGatewayV2HTTPEvent event = event(exchange, route, parameters.get(), body);
                    APIGatewayV2HTTPResponse response = route.handler().handleRequest(event, null);
                    reply(exchange, response);
                    return;
                }
            }
            reply(exchange, 404, "{\"message\":\"Not Found\"}");
        } catch (RuntimeException e) {
            LOG.error(
                    "request failed",
                    "path",
                    exchange.getRequestURI().getRawPath(),
                    "exception",
                    e.getClass().getName(),
                    "reason",
                    String.valueOf(e.getMessage()));
            reply(
                    exchange,
                    500,
                    "{\"error\":\"internal_error\","
                            + "\"message\":\"the request failed; see the log\"}");
        } finally {
            exchange.close();
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD + 1);
        return body.length > MAX_PAYLOAD ? null : body;
    }

    private static APIGatewayV2HTTPEvent event(
            HttpExchange exchange, Route route, Map<String, String> pathParameters, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) ->
                                headers.put(
                                        name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        boolean text = isText(headers.getOrDefault("content-type", "")) && isUtf8(body);

        var http =
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(exchange.getRequestMethod().toUpperCase(Locale.ROOT))
                        .withPath(exchange.getRequestURI().getRawPath())
                        .withProtocol("HTTP/1.1")
                        .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .withUserAgent(headers.getOrDefault("user-agent", ""))
                        .build();
        var context =
                APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(http)
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route.method() + " " + route.template())
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.method() + " " + route.template())
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery.isEmpty() ? null : query(rawQuery))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .withBody(
                        body.length == 0
                                ? null
                                : text
                                        ? new String(body, StandardCharsets.UTF_8)
                                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    /** API Gateway passes JSON and text as text, and base64-encodes everything else. */
    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty()
                || type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml");
    }

    /** Bytes that are not UTF-8 cannot travel as text without changing; they go as base64. */
    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Repeated parameters are joined with commas, as the HTTP API does. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            String name = decode(parts[0]);
            String value = parts.length > 1 ? decode(parts[1]) : "";
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static void reply(HttpExchange exchange, APIGatewayV2HTTPResponse response)
            throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] body =
                response.getBody() == null
                        ? new byte[0]
                        : response.getIsBase64Encoded()
                                ? Base64.getDecoder().decode(response.getBody())
                                : response.getBody().getBytes(StandardCharsets.UTF_8);
        send(exchange, response.getStatusCode(), body);
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private record Route(
            String method,
            String template,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {

        Optional<Map<String, String>> match(String requestMethod, String rawPath) {
            if (!method.equals(requestMethod)) {
                return Optional.empty();
            }
            String[] want = template.split("/");
            String[] got = rawPath.split("/", -1);
            if (want.length != got.length) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < want.length; i++) {
                Matcher parameter = PARAMETER.matcher(want[i]);
                if (parameter.matches()) {
                    if (got[i].isEmpty()) {
                        return Optional.empty();
                    }
                    parameters.put(parameter.group(1), decode(got[i].replace("+", "%2B")));
                } else if (!want[i].equals(got[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");
}
