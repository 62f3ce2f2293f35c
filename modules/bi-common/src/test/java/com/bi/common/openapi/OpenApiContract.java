package com.bi.common.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.bi.common.testing.Http;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * A service's OpenAPI document ({@value #RESOURCE}, what {@code /openapi} serves) held against the service itself:
 * {@link #lint()} checks the document on its own, {@link #undocumented}/{@link #unrouted} compare it with the routes
 * the service registers, and {@link #call} sends a real request to a running service and checks both the request
 * and the response against the document — status, headers, content type and body schema — and counts which
 * operations a test has exercised ({@link #unexercised()}).
 */
public final class OpenApiContract {
    public static final String RESOURCE = "META-INF/openapi.yaml";
    /** The one security scheme of every service: a bi-sys JWT (or a token exchanged for an API key). */
    public static final String BEARER = "bearer";
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");

    private final String yaml;
    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final Map<String, Pattern> operations = new LinkedHashMap<>();
    private final Set<String> exercised = new TreeSet<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    private OpenApiContract(String yaml) {
        this.yaml = yaml;
        SwaggerParseResult parsed = parse(yaml);
        if (parsed.getOpenAPI() == null) {
            throw new AssertionError("the document does not parse: " + parsed.getMessages());
        }
        this.api = parsed.getOpenAPI();
        // every message is an error: an undocumented status or header fails as much as a wrong field type
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml)
                .withLevelResolver(LevelResolver.create().withDefaultLevel(ValidationReport.Level.ERROR).build())
                .withStrictOperationPathMatching()
                .build();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(method ->
                operations.put(method.name() + " " + path, Pattern.compile(TEMPLATE_PARAM.matcher(Pattern.quote(path))
                        .replaceAll(m -> Matcher.quoteReplacement("\\E[^/]+\\Q"))))));
    }

    /** The document on this class path (the service's own {@value #RESOURCE}). */
    public static OpenApiContract load() {
        return new OpenApiContract(resource());
    }

    public static OpenApiContract of(String yaml) {
        return new OpenApiContract(yaml);
    }

    static String resource() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new AssertionError(RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static SwaggerParseResult parse(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(yaml, null, options);
    }

    public String yaml() {
        return yaml;
    }

    public OpenAPI api() {
        return api;
    }

    /** Where {@link #call} sends requests: the running service's HTTP listener. */
    public OpenApiContract at(URI base) {
        this.base = base;
        return this;
    }

    /** The running service {@link #call} talks to. */
    public URI baseUri() {
        return base;
    }

    /** Every documented operation as {@code "METHOD /path/{param}"}. */
    public Set<String> documented() {
        return new TreeSet<>(operations.keySet());
    }

    /** Operations that need no token ({@code security: []}). */
    public Set<String> open() {
        Set<String> out = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            if (op.getSecurity() != null && op.getSecurity().isEmpty()) {
                out.add(method.name() + " " + path);
            }
        }));
        return out;
    }

    /** Registered routes the document does not describe. */
    public Set<String> undocumented(Set<String> routes) {
        Set<String> out = new TreeSet<>(routes);
        out.removeAll(operations.keySet());
        return out;
    }

    /** Documented operations no registered route serves. */
    public Set<String> unrouted(Set<String> routes) {
        Set<String> out = new TreeSet<>(operations.keySet());
        out.removeAll(routes);
        return out;
    }

    /**
     * Fails unless the document names exactly the routes {@code wiring} registers (nothing undocumented, nothing
     * documented that no route serves) and its public operations ({@code security: []}) are exactly the wiring's
     * public paths.
     */
    public void assertDescribes(com.bi.common.server.Wiring wiring) {
        Set<String> routes = RecordedRoutes.of(wiring::routing);
        Set<String> openPaths = new TreeSet<>();
        open().forEach(o -> openPaths.add(o.substring(o.indexOf(' ') + 1)));
        List<String> problems = new ArrayList<>();
        undocumented(routes).forEach(r -> problems.add("registered but not documented: " + r));
        unrouted(routes).forEach(r -> problems.add("documented but not registered: " + r));
        if (!openPaths.equals(new TreeSet<>(wiring.publicPaths()))) {
            problems.add("public in the document " + openPaths + ", public at the edge " + new TreeSet<>(wiring.publicPaths()));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    /**
     * What is wrong with the document on its own: the parser's messages (structure, unresolved {@code $ref}s), and
     * the platform's rules — a bearer-JWT scheme required everywhere unless an operation opts out with
     * {@code security: []}; every operation with a unique operationId, a summary and a tag; every path template
     * parameter declared, required; every error response a problem+json {@code Problem}; 401 documented on every
     * secured operation; request bodies saying whether they take unknown properties.
     */
    public List<String> lint() {
        List<String> problems = new ArrayList<>(parse(yaml).getMessages());
        if (!api.getOpenapi().startsWith("3.0.")) {
            problems.add("openapi: " + api.getOpenapi() + " (the validator and the lint speak 3.0.x)");
        }
        SecurityScheme scheme = api.getComponents() == null || api.getComponents().getSecuritySchemes() == null ? null
                : api.getComponents().getSecuritySchemes().get(BEARER);
        if (scheme == null || scheme.getType() != SecurityScheme.Type.HTTP || !"bearer".equals(scheme.getScheme())
                || !"JWT".equals(scheme.getBearerFormat())) {
            problems.add("components.securitySchemes." + BEARER + " must be {type: http, scheme: bearer, bearerFormat: JWT}");
        }
        if (api.getSecurity() == null || api.getSecurity().size() != 1 || !api.getSecurity().get(0).containsKey(BEARER)) {
            problems.add("security: the document must require " + BEARER + " globally (public operations opt out)");
        }
        if (api.getComponents() == null || api.getComponents().getSchemas() == null
                || !api.getComponents().getSchemas().containsKey("Problem")) {
            problems.add("components.schemas.Problem is missing (RFC 9457 problem details)");
        }
        Set<String> ids = new HashSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                lintOperation(method.name() + " " + path, path, item, op, ids, problems)));
        return problems;
    }

    private void lintOperation(String where, String path, PathItem item, Operation op, Set<String> ids, List<String> problems) {
        if (op.getOperationId() == null || !ids.add(op.getOperationId())) {
            problems.add(where + ": operationId missing or not unique");
        }
        if (op.getSummary() == null || op.getSummary().isBlank()) {
            problems.add(where + ": no summary");
        }
        if (op.getTags() == null || op.getTags().isEmpty()) {
            problems.add(where + ": no tag");
        }
        List<Parameter> params = new ArrayList<>();
        if (item.getParameters() != null) {
            params.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            params.addAll(op.getParameters());
        }
        Matcher m = TEMPLATE_PARAM.matcher(path);
        while (m.find()) {
            String name = m.group(1);
            if (params.stream().noneMatch(p -> "path".equals(p.getIn()) && name.equals(p.getName()) && Boolean.TRUE.equals(p.getRequired()))) {
                problems.add(where + ": path parameter {" + name + "} is not declared (in: path, required: true)");
            }
        }
        boolean open = op.getSecurity() != null && op.getSecurity().isEmpty();
        if (op.getSecurity() != null && !open) {
            problems.add(where + ": security is either inherited (bearer) or [] (public), nothing else");
        }
        Map<String, ApiResponse> responses = op.getResponses() == null ? Map.of() : op.getResponses();
        if (responses.keySet().stream().noneMatch(code -> code.startsWith("2"))) {
            problems.add(where + ": no 2xx response");
        }
        if (responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
            problems.add(where + ": no 4xx response");
        }
        if (!open && !responses.containsKey("401")) {
            problems.add(where + ": a secured operation answers 401 without a valid token; document it");
        }
        responses.forEach((code, declared) -> {
            ApiResponse response = declared.get$ref() == null ? declared : api.getComponents().getResponses()
                    .get(declared.get$ref().substring("#/components/responses/".length()));
            if ((code.startsWith("4") || code.startsWith("5")) && response == null) {
                problems.add(where + " " + code + ": " + declared.get$ref() + " does not resolve");
            } else if (code.startsWith("4") || code.startsWith("5")) {
                MediaType problem = response.getContent() == null ? null : response.getContent().get("application/problem+json");
                if (problem == null || problem.getSchema() == null || !"#/components/schemas/Problem".equals(problem.getSchema().get$ref())
                        || response.getContent().size() != 1) {
                    problems.add(where + " " + code + ": an error answers application/problem+json with the Problem schema, only");
                }
            }
        });
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            MediaType json = op.getRequestBody().getContent().get("application/json");
            io.swagger.v3.oas.models.media.Schema<?> schema = json == null ? null : json.getSchema();
            if (schema != null && schema.get$ref() != null) {
                schema = api.getComponents().getSchemas().get(schema.get$ref().substring("#/components/schemas/".length()));
            }
            if (schema != null && "object".equals(schema.getType()) && schema.getAdditionalProperties() == null) {
                problems.add(where + ": the request body schema must say whether it takes unknown properties"
                        + " (additionalProperties: false where the handler refuses them with a 400)");
            }
        }
    }

    /** A request to send with {@link #call}. */
    public record Call(String method, String path, String bearer, String body, Map<String, String> headers) {
        public static Call get(String path, String bearer) {
            return new Call("GET", path, bearer, null, Map.of());
        }

        public static Call delete(String path, String bearer) {
            return new Call("DELETE", path, bearer, null, Map.of());
        }

        public static Call post(String path, String bearer, String json) {
            return new Call("POST", path, bearer, json, json == null ? Map.of() : Map.of("Content-Type", "application/json"));
        }

        public static Call put(String path, String bearer, String json) {
            return new Call("PUT", path, bearer, json, Map.of("Content-Type", "application/json"));
        }

        public Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, path, bearer, body, more);
        }
    }

    /**
     * Sends {@code call} to the service and fails unless the request is one the document allows, the service answers
     * {@code expectedStatus}, and the response (status, headers, content type, body) is one the document describes.
     */
    public Http.Response call(Call call, int expectedStatus) {
        Http.Response response = send(call);
        Request request = request(call);
        ValidationReport report = bodilessOptional(call, validator.validate(request, response(response)));
        if (missesToken(call)) {
            throw new AssertionError(call.method() + " " + call.path() + ": the document requires a bearer token here");
        }
        if (report.hasErrors() || response.status() != expectedStatus) {
            throw new AssertionError(call.method() + " " + call.path() + " answered " + response
                    + (response.status() != expectedStatus ? " (expected " + expectedStatus + ")" : "")
                    + describe(report));
        }
        exercised.add(operation(call));
        return response;
    }

    /**
     * Sends a request the document itself rules out (a wrong type, a missing field, an unknown property, no token)
     * and fails unless the document does rule it out, the service refuses it with {@code expectedStatus} and the
     * refusal is a response the document describes for the operation.
     */
    public Http.Response refused(Call call, int expectedStatus) {
        Request request = request(call);
        ValidationReport requestReport = bodilessOptional(call, validator.validateRequest(request));
        if (!requestReport.hasErrors() && !missesToken(call)) {
            throw new AssertionError(call.method() + " " + call.path() + " " + call.body()
                    + ": the document allows this request, so a refusal of it is undocumented");
        }
        Http.Response response = send(call);
        ValidationReport report = validator.validateResponse(templateOf(call), request.getMethod(), response(response));
        if (report.hasErrors() || response.status() != expectedStatus) {
            throw new AssertionError(call.method() + " " + call.path() + " answered " + response
                    + (response.status() != expectedStatus ? " (expected " + expectedStatus + ")" : "")
                    + describe(report));
        }
        return response;
    }

    /**
     * Fails unless the running service serves this very document at {@value #PATH} without a token: as YAML by
     * default and as JSON when asked, both equal (as trees) to {@value #RESOURCE}.
     */
    public void assertServed() {
        com.fasterxml.jackson.databind.JsonNode expected = tree(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()), yaml);
        Http.Response asYaml = send(new Call("GET", PATH, null, null, Map.of()));
        Http.Response asJson = send(new Call("GET", PATH, null, null, Map.of("Accept", "application/json")));
        if (asYaml.status() != 200 || asJson.status() != 200) {
            throw new AssertionError("GET " + PATH + " without a token: " + asYaml + " / " + asJson);
        }
        if (!asJson.contentType().startsWith("application/json")) {
            throw new AssertionError("GET " + PATH + " asking for JSON answered " + asJson.contentType());
        }
        com.fasterxml.jackson.databind.JsonNode servedYaml = tree(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()), asYaml.body());
        com.fasterxml.jackson.databind.JsonNode servedJson = tree(new com.fasterxml.jackson.databind.ObjectMapper(), asJson.body());
        if (!expected.equals(servedYaml) || !expected.equals(servedJson)) {
            throw new AssertionError("GET " + PATH + " serves another document than " + RESOURCE);
        }
    }

    /** Where every service serves its document (the HTTP port; outside /api/, so no token and no gateway route). */
    public static final String PATH = "/openapi";

    private static com.fasterxml.jackson.databind.JsonNode tree(com.fasterxml.jackson.databind.ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not parseable: " + e.getMessage(), e);
        }
    }

    /**
     * The report without the validator's complaint about a missing Content-Type on a request that has no body: it
     * checks the content type even where the body is optional ({@code required: false}) and left out.
     */
    private static ValidationReport bodilessOptional(Call call, ValidationReport report) {
        if (call.body() != null) {
            return report;
        }
        return ValidationReport.from(report.getMessages().stream()
                .filter(m -> !m.getKey().equals("validation.request.contentType.notAllowed")).toList());
    }

    /**
     * Whether the document requires a token the call does not carry (the validator only reads operation-level
     * {@code security}; this document requires the bearer globally and public operations opt out).
     */
    private boolean missesToken(Call call) {
        String template = templateOf(call);
        Operation op = api.getPaths().get(template).readOperationsMap()
                .get(PathItem.HttpMethod.valueOf(call.method()));
        boolean open = op.getSecurity() != null && op.getSecurity().isEmpty();
        return !open && (call.bearer() == null || !call.bearer().regionMatches(true, 0, "Bearer ", 0, 7));
    }

    /** Documented operations no {@link #call} has exercised yet. */
    public Set<String> unexercised() {
        Set<String> out = new TreeSet<>(operations.keySet());
        out.removeAll(exercised);
        return out;
    }

    private String operation(Call call) {
        return call.method() + " " + templateOf(call);
    }

    /** The documented path template a concrete path falls under (literal segments win over parameters). */
    private String templateOf(Call call) {
        String path = URI.create(call.path()).getPath();
        return operations.entrySet().stream()
                .filter(e -> e.getKey().startsWith(call.method() + " ") && e.getValue().matcher(path).matches())
                .map(e -> e.getKey().substring(call.method().length() + 1))
                .min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()))
                .orElseThrow(() -> new AssertionError("no documented operation for " + call.method() + " " + path));
    }

    private Http.Response send(Call call) {
        if (base == null) {
            throw new IllegalStateException("at(base) first");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(call.path())).timeout(Duration.ofSeconds(30))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(builder::header);
        if (call.bearer() != null) {
            builder.header("Authorization", call.bearer());
        }
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(call.method() + " " + call.path() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Request request(Call call) {
        URI uri = URI.create(call.path());
        SimpleRequest.Builder builder = new SimpleRequest.Builder(call.method(), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            query.forEach(builder::withQueryParam);
        }
        call.headers().forEach(builder::withHeader);
        if (call.bearer() != null) {
            builder.withAuthorization(call.bearer());
        }
        if (call.body() != null) {
            builder.withBody(call.body());
        }
        return builder.build();
    }

    private static SimpleResponse response(Http.Response response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.status());
        response.headers().map().forEach((name, values) -> {
            if (!name.equals(":status")) {
                builder.withHeader(name, values);
            }
        });
        if (!response.body().isEmpty()) {
            builder.withBody(response.body());
        }
        return builder.build();
    }

    private static String describe(ValidationReport report) {
        StringBuilder out = new StringBuilder();
        for (ValidationReport.Message m : report.getMessages()) {
            out.append("\n  ").append(m.getLevel()).append(' ').append(m.getKey()).append(": ").append(m.getMessage());
            m.getNestedMessages().forEach(n -> out.append("\n    ").append(n.getMessage()));
        }
        return out.toString();
    }
}
