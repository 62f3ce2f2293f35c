package com.bi.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.json.Json;
import com.bi.common.testing.RouteRecorder;
import com.bi.hostile.RawHttp.Request;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The malformed requests for one route: hostile tokens, path parameters, query strings, headers, bodies (generic and
 * field by field from the route's sample body), methods and targets. Each case carries what it may answer.
 */
final class HttpCorpus {
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final String MARK = "@@hostile@@";

    /** One request and what it is allowed to answer. */
    record Case(String name, Request request, Expect expect) {
    }

    enum Expect {
        /** No 5xx; a 4xx is a problem naming what is wrong. */
        NO_5XX,
        /** Additionally refused (4xx) when the route is not public: the credential is bad. */
        AUTH_REFUSED,
        /**
         * Beyond the server's transport limits (request line, header size): it may answer 4xx or close the connection
         * before reading it all (the peer then sees a reset); never a 5xx, never a hang.
         */
        TRANSPORT_LIMIT
    }

    /** JSON values (raw text) that replace one field at a time. */
    static final Map<String, String> VALUES = values();

    private static Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("null", "null");
        v.put("true", "true");
        v.put("zero", "0");
        v.put("negative", "-1");
        v.put("long min - 1", "-9223372036854775809");
        v.put("long max + 1", "9223372036854775808");
        v.put("int max + 1", "2147483648");
        v.put("huge exponent", "1e999999999");
        v.put("huge negative exponent", "-1e999999999");
        v.put("tiny", "1.0E-400");
        v.put("fraction", "0.5");
        v.put("long decimal", "3.14159265358979323846264338327950288419716939937510582097494459");
        v.put("empty string", "\"\"");
        v.put("blank string", "\"   \"");
        v.put("NUL", "\"\\u0000\"");
        v.put("NUL inside", "\"a\\u0000b\"");
        v.put("lone surrogate", "\"\\ud800\"");
        v.put("100k string", "\"" + "x".repeat(100_000) + "\"");
        v.put("SQL", "\"' OR '1'='1'; DROP TABLE users; --\"");
        v.put("format string", "\"%s%n%x%d\"");
        v.put("lookup string", "\"${jndi:ldap://127.0.0.1:1/x}\"");
        v.put("numeric string", "\"1e999999999\"");
        v.put("negative numeric string", "\"-99999999999999999999\"");
        v.put("NaN string", "\"NaN\"");
        v.put("far future date", "\"+999999999-12-31\"");
        v.put("far past date", "\"-999999999-01-01\"");
        v.put("year 0 date", "\"0000-01-01\"");
        v.put("impossible date", "\"2024-02-30\"");
        v.put("far future time", "\"+999999999-12-31T23:59:59Z\"");
        v.put("bidi and emoji", "\"adm\\u202ein\\ud83d\\udca9\"");
        v.put("empty array", "[]");
        v.put("empty object", "{}");
        v.put("array of null", "[null]");
        v.put("array of 20k", "[" + "\"x\",".repeat(19_999) + "\"x\"]");
        v.put("nested arrays 3000", "[".repeat(3000) + "]".repeat(3000));
        v.put("nested objects 3000", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        return v;
    }

    static final List<String> PATH_VALUES = List.of("0", "-1", "9223372036854775808", "99999999999999999999999", "abc",
            "1.5", "1e3", "%00", "%FF%FE", "%2e%2e%2f%2e%2e", "x".repeat(3000), "'%20OR%201=1", "%F0%9F%92%A9", "%C0%AF",
            "%20", "NaN", "A-UPPER", "a");

    static final List<String> QUERIES = List.of("page=-1", "page=0", "page=2147483647", "page=99999999999999",
            "page=1e3", "page=abc", "page=%00", "page=1&page=2", "size=0", "size=-1", "size=100000", "size=2147483648",
            "page=2147483647&size=200", "page=10737419&size=200", "zz_unknown=1", "%00=1", "=1", "&&&", "page", "limit=-1",
            "limit=99999999999", "limit=0", "status=%00", "status=" + "S".repeat(5000), "status=%FF", "platform=%27%20OR%201%3D1",
            "source=%00", "external_id=" + "e".repeat(300), "category_id=-1", "category_id=99999999999999999999",
            "parent_id=abc", "name=%00", "type=%E2%80%AE", "code=%25s%25n", "q=" + "q".repeat(6000));

    /** Values for one parameter of a route's own query string (raw, already URL-encoded where they need it). */
    static final List<String> QUERY_VALUES = List.of("", "-1", "0", "9223372036854775808", "99999999999999999999999", "abc",
            "1e999999999", "NaN", "%00", "a%00b", "%FF%FE", "%C0%AF", "x".repeat(3000), "%27%20OR%201%3D1", "%25s%25n",
            "+999999999-12-31", "-999999999-01", "0000-00", "2026-02-30", "2026-13", ",,,", "%E2%80%AE%F0%9F%92%A9", "%0D%0AX-Injected:%201");

    private HttpCorpus() {
    }

    /** The body type of a route's sample: JSON (mutated field by field) or CSV (mutated column by column, row by row). */
    static final String JSON = "application/json";
    static final String CSV = "text/csv";

    static List<Case> build(RouteRecorder.Route route, Map<String, String> seeds, String sample, String token,
                            Map<String, String> refusedTokens, Map<String, String> oddTokens,
                            UnaryOperator<Request> authorize) {
        return build(route, seeds, sample, JSON, null, token, refusedTokens, oddTokens, authorize);
    }

    /**
     * @param sampleType {@link #JSON} or {@link #CSV}: what the sample body is and the corpus that mutates it
     * @param sampleQuery the route's valid query string (its parameters get hostile values one at a time), or null
     */
    static List<Case> build(RouteRecorder.Route route, Map<String, String> seeds, String sample, String sampleType, String sampleQuery,
                            String token, Map<String, String> refusedTokens, Map<String, String> oddTokens,
                            UnaryOperator<Request> authorize) {
        List<Case> cases = new ArrayList<>();
        String bare = concrete(route.path(), seeds);
        String query = sampleQuery == null ? "" : "?" + sampleQuery;
        String path = bare + query;
        String method = route.method();
        byte[] sampleBody = sample == null ? null : sample.getBytes(StandardCharsets.UTF_8);

        // the base request: authorized, with the sample body (so each case differs from a good request in one thing)
        Request base = base(method, path, sampleBody, token, sampleType);
        UnaryOperator<Request> auth = authorize == null ? UnaryOperator.identity() : authorize;

        cases.add(new Case("baseline (sample request)", auth.apply(base), Expect.NO_5XX));

        // credentials
        for (Map.Entry<String, String> t : refusedTokens.entrySet()) {
            Request r = base.withoutHeader("Authorization");
            cases.add(new Case("token: " + t.getKey(), t.getValue() == null ? r : r.header("Authorization", t.getValue()),
                    Expect.AUTH_REFUSED));
        }
        for (Map.Entry<String, String> t : oddTokens.entrySet()) {
            cases.add(new Case("token: " + t.getKey(), base.withoutHeader("Authorization").header("Authorization", t.getValue()),
                    Expect.NO_5XX));
        }
        cases.add(new Case("token: two Authorization headers", base.header("Authorization", refusedTokens.get("forged signature")),
                Expect.NO_5XX));
        cases.add(new Case("token: raw 0xFF bytes", base.withoutHeader("Authorization").header("Authorization",
                "Bearer \u00ff\u00fe\u00fd"), Expect.AUTH_REFUSED));

        // path parameters, one at a time
        Matcher params = PARAM.matcher(route.path());
        while (params.find()) {
            String name = params.group(1);
            for (String value : PATH_VALUES) {
                String p = concrete(route.path(), seeds, name, value) + query;
                cases.add(new Case("path {" + name + "}=" + shorten(value), auth.apply(base.target(bytes(p))), Expect.NO_5XX));
            }
            byte[] raw = bytes(concrete(route.path(), seeds, name, "MARK") + query);
            cases.add(new Case("path {" + name + "}=raw 0xFF", auth.apply(base.target(replace(raw, "MARK", new byte[] {(byte) 0xff, (byte) 0xfe}))),
                    Expect.NO_5XX));
        }

        // query strings (added to the route's own parameters), then each of its own parameters hostile or left out
        String joint = sampleQuery == null ? "?" : "&";
        for (String q : QUERIES) {
            cases.add(new Case("query " + shorten(q), auth.apply(base.target(bytes(path + joint + q))),
                    q.length() > 4000 ? Expect.TRANSPORT_LIMIT : Expect.NO_5XX));
        }
        cases.add(new Case("query raw 0xFF", auth.apply(base.target(concat(bytes(path + joint + "page="), new byte[] {(byte) 0xff}))), Expect.NO_5XX));
        if (sampleQuery != null) {
            List<String> parameters = List.of(sampleQuery.split("&"));
            for (int i = 0; i < parameters.size(); i++) {
                String name = parameters.get(i).split("=", 2)[0];
                for (String value : QUERY_VALUES) {
                    List<String> changed = new ArrayList<>(parameters);
                    changed.set(i, name + "=" + value);
                    cases.add(new Case("query " + name + "=" + shorten(value), auth.apply(base.target(bytes(bare + "?" + String.join("&", changed)))),
                            Expect.NO_5XX));
                }
                List<String> without = new ArrayList<>(parameters);
                without.remove(i);
                cases.add(new Case("query " + name + " missing", auth.apply(base.target(bytes(bare + (without.isEmpty() ? "" : "?" + String.join("&", without))))),
                        Expect.NO_5XX));
                cases.add(new Case("query " + name + " twice", auth.apply(base.target(bytes(path + "&" + parameters.get(i)))), Expect.NO_5XX));
            }
        }

        // targets and methods
        cases.add(new Case("target: trailing segment", auth.apply(base.target(bytes(bare + "/zz-extra" + query))), Expect.NO_5XX));
        cases.add(new Case("target: encoded NUL suffix", auth.apply(base.target(bytes(bare + "%00" + query))), Expect.NO_5XX));
        cases.add(new Case("target: matrix parameter", auth.apply(base.target(bytes(bare + ";x=1" + query))), Expect.NO_5XX));
        cases.add(new Case("target: doubled slashes", auth.apply(base.target(bytes(bare.replace("/", "//") + query))), Expect.NO_5XX));
        cases.add(new Case("target: encoded slashes", auth.apply(base.target(bytes(bare.replaceFirst("/", "%2F") + query))), Expect.NO_5XX));
        cases.add(new Case("target: dot segments", auth.apply(base.target(bytes(bare + "/../../../../observe/health"))), Expect.NO_5XX));
        cases.add(new Case("target: absolute form", auth.apply(base.target(bytes("http://evil.example" + path))), Expect.NO_5XX));
        cases.add(new Case("target: 10k path", auth.apply(base.target(bytes(bare + "/" + "p".repeat(10_000)))), Expect.TRANSPORT_LIMIT));
        cases.add(new Case("target: raw 0xFF", auth.apply(base.target(concat(bytes(bare), new byte[] {(byte) 0xff}))), Expect.NO_5XX));
        cases.add(new Case("target: raw NUL", auth.apply(base.target(concat(bytes(bare), new byte[] {0}))), Expect.NO_5XX));
        for (String other : List.of("PATCH", "FOO", "get", "TRACE")) {
            Request r = new Request(other, base.target(), base.headers(), base.body(), base.halfClose());
            cases.add(new Case("method " + other, auth.apply(r), Expect.NO_5XX));
        }

        // headers
        cases.add(new Case("header: 64 KB value", auth.apply(base.header("X-Hostile", "h".repeat(65_536))), Expect.TRANSPORT_LIMIT));
        Request many = base;
        for (int i = 0; i < 300; i++) {
            many = many.header("X-Hostile-" + i, "v");
        }
        cases.add(new Case("header: 300 headers", auth.apply(many), Expect.TRANSPORT_LIMIT));
        cases.add(new Case("header: space in name", auth.apply(base.header("X Bad", "1")), Expect.NO_5XX));
        cases.add(new Case("header: NUL in value", auth.apply(base.header("X-Hostile", "a\u0000b")), Expect.NO_5XX));
        cases.add(new Case("header: 0xFF in value", auth.apply(base.header("X-Hostile", "\u00ff\u00fe")), Expect.NO_5XX));
        cases.add(new Case("header: 10 KB request id", auth.apply(base.header("X-Request-Id", "r".repeat(10_000))), Expect.NO_5XX));
        cases.add(new Case("header: odd request id", auth.apply(base.header("X-Request-Id", "\u00ff<script>\u0001")), Expect.NO_5XX));
        cases.add(new Case("header: forwarded-for garbage", auth.apply(base.header("X-Forwarded-For", "999.999.1.1, ::::, <x>, " + "1.2.3.4,".repeat(500))), Expect.NO_5XX));
        cases.add(new Case("header: no Host", auth.apply(base.withoutHeader("Host").header("Host", "")), Expect.NO_5XX));
        cases.add(new Case("header: garbage Host", auth.apply(base.header("Host", "\u00ff:-1")), Expect.NO_5XX));
        if (method.equals("PUT") || method.equals("DELETE")) {
            for (String etag : List.of("", "abc", "\"99999999999999999999\"", "W/\"-1\"", "*", "\"1\", \"2\"", "\"\u0000\"", "\"" + "9".repeat(5000) + "\"")) {
                cases.add(new Case("If-Match " + shorten(etag), auth.apply(base.withoutHeader("If-Match").header("If-Match", etag)), Expect.NO_5XX));
            }
        }

        // bodies that are not what any route wants (also sent to GET and DELETE: they must not matter there)
        for (Map.Entry<String, String> body : genericBodies().entrySet()) {
            cases.add(new Case("body: " + body.getKey(), auth.apply(withBody(base, bytes(body.getValue()), "application/json")), Expect.NO_5XX));
        }
        cases.add(new Case("body: 2 MB", auth.apply(withBody(base, bytes("{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"), "application/json")), Expect.NO_5XX));
        cases.add(new Case("body: Content-Length abc", auth.apply(withBody(base, null, "application/json").header("Content-Length", "abc")), Expect.NO_5XX));
        cases.add(new Case("body: Content-Length -1", auth.apply(withBody(base, null, "application/json").header("Content-Length", "-1")), Expect.NO_5XX));
        cases.add(new Case("body: two Content-Lengths", auth.apply(withBody(base, bytes("{}"), "application/json")
                .header("Content-Length", "2").header("Content-Length", "7")), Expect.NO_5XX));
        cases.add(new Case("body: bad chunk size", auth.apply(withBody(base, bytes("zz\r\n{}\r\n0\r\n\r\n"), "application/json")
                .header("Transfer-Encoding", "chunked")), Expect.NO_5XX));
        Request truncated = withBody(base, bytes("40\r\n{\"a\":1"), "application/json").header("Transfer-Encoding", "chunked");
        cases.add(new Case("body: truncated chunk", auth.apply(new Request(truncated.method(), truncated.target(), truncated.headers(),
                truncated.body(), true)), Expect.NO_5XX));
        cases.add(new Case("body: gzip claimed, not gzip", auth.apply(withBody(base, bytes("{}"), "application/json").header("Content-Encoding", "gzip")), Expect.NO_5XX));

        if (sampleBody != null) {
            cases.addAll(sampleType.equals(CSV) ? CsvCorpus.cases(base, sample, auth) : sampleCases(base, sample, auth));
        }
        return cases;
    }

    private static List<Case> sampleCases(Request base, String sample, UnaryOperator<Request> auth) {
        List<Case> cases = new ArrayList<>();
        JsonNode tree = readTree(sample);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "////", "application/json; charset=UTF-16",
                "application/xml", "multipart/form-data; boundary=x")) {
            cases.add(new Case("content-type " + type, auth.apply(withBody(base, bytes(sample), type)), Expect.NO_5XX));
        }
        cases.add(new Case("body: UTF-16 bytes", auth.apply(withBody(base, sample.getBytes(StandardCharsets.UTF_16), "application/json; charset=UTF-16")), Expect.NO_5XX));
        cases.add(new Case("body: byte order mark", auth.apply(withBody(base, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes(sample)), "application/json")), Expect.NO_5XX));
        cases.add(new Case("body: no content type", auth.apply(withBody(base, bytes(sample), null)), Expect.NO_5XX));
        cases.add(new Case("body: trailing garbage", auth.apply(withBody(base, bytes(sample + " }{"), "application/json")), Expect.NO_5XX));
        cases.add(new Case("body: twice", auth.apply(withBody(base, bytes(sample + sample), "application/json")), Expect.NO_5XX));
        cases.add(new Case("body: as array", auth.apply(withBody(base, bytes("[" + sample + "]"), "application/json")), Expect.NO_5XX));
        if (tree instanceof ObjectNode object && object.size() > 0) {
            String first = object.fieldNames().next();
            cases.add(new Case("body: duplicate key " + first, auth.apply(withBody(base,
                    bytes("{\"" + first + "\":" + object.get(first) + "," + sample.trim().substring(1)), "application/json")), Expect.NO_5XX));
            ObjectNode unknown = object.deepCopy();
            unknown.put("zz_unknown_field", 1);
            cases.add(new Case("body: unknown field", auth.apply(withBody(base, bytes(unknown.toString()), "application/json")), Expect.NO_5XX));
            ObjectNode proto = object.deepCopy();
            proto.set("__proto__", object.deepCopy());
            cases.add(new Case("body: __proto__ field", auth.apply(withBody(base, bytes(proto.toString()), "application/json")), Expect.NO_5XX));
        }
        // invalid UTF-8 and raw control bytes inside the first string value
        String firstString = firstStringPath(tree, "");
        if (firstString != null) {
            for (Map.Entry<String, byte[]> raw : Map.of(
                    "invalid UTF-8 0xFF", new byte[] {(byte) 0xff, (byte) 0xfe},
                    "overlong UTF-8", new byte[] {(byte) 0xc0, (byte) 0xaf},
                    "UTF-8 surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                    "truncated UTF-8", new byte[] {(byte) 0xe4, (byte) 0xb8},
                    "raw NUL", new byte[] {0},
                    "raw control chars", new byte[] {1, 7, 8, 27}).entrySet()) {
                byte[] body = replace(bytes(mutate(tree, firstString, "\"" + MARK + "\"")), MARK, raw.getValue());
                cases.add(new Case("field " + firstString + ": " + raw.getKey(), auth.apply(withBody(base, body, "application/json")), Expect.NO_5XX));
            }
        }
        // each field, one at a time
        for (String field : fieldPaths(tree, "")) {
            for (Map.Entry<String, String> value : VALUES.entrySet()) {
                cases.add(new Case("field " + field + " = " + value.getKey(), auth.apply(withBody(base, bytes(mutate(tree, field, value.getValue())),
                        "application/json")), Expect.NO_5XX));
            }
            cases.add(new Case("field " + field + " missing", auth.apply(withBody(base, bytes(remove(tree, field)), "application/json")), Expect.NO_5XX));
        }
        return cases;
    }

    private static Map<String, String> genericBodies() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("empty", "");
        b.put("null", "null");
        b.put("string", "\"text\"");
        b.put("number", "123");
        b.put("empty array", "[]");
        b.put("empty object", "{}");
        b.put("open brace", "{");
        b.put("close brace", "}");
        b.put("missing value", "{\"a\":}");
        b.put("single quotes", "{'a':1}");
        b.put("comments", "/* c */ {\"a\":1}");
        b.put("two objects", "{} {}");
        b.put("NaN literal", "{\"a\":NaN}");
        b.put("huge number", "{\"a\":1e999999999}");
        b.put("100k nested arrays", "[".repeat(100_000));
        b.put("5k nested objects", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
        b.put("50k keys", "{" + java.util.stream.IntStream.range(0, 50_000).mapToObj(i -> "\"k" + i + "\":1")
                .collect(java.util.stream.Collectors.joining(",")) + "}");
        b.put("key of 100k", "{\"" + "k".repeat(100_000) + "\":1}");
        return b;
    }

    static Request base(String method, String path, byte[] body, String token) {
        return base(method, path, body, token, JSON);
    }

    static Request base(String method, String path, byte[] body, String token, String contentType) {
        Request r = Request.of(method, path);
        if (token != null) {
            r = r.header("Authorization", token);
        }
        if (method.equals("PUT") || method.equals("DELETE")) {
            r = r.header("If-Match", "\"1\"");
        }
        return body == null ? r : r.header("Content-Type", contentType).body(body);
    }

    static Request withBody(Request base, byte[] body, String contentType) {
        Request r = base.withoutHeader("Content-Type").body(body);
        return contentType == null ? r : r.header("Content-Type", contentType);
    }

    /** The route's path with every parameter filled from the seeds (an existing resource where there is one). */
    static String concrete(String pattern, Map<String, String> seeds) {
        return concrete(pattern, seeds, null, null);
    }

    static String concrete(String pattern, Map<String, String> seeds, String override, String value) {
        Matcher m = PARAM.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = name.equals(override) ? value : seedFor(pattern.substring(0, m.start()), name, seeds);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The seed for {@code {name}}: by the collection before it ({@code shops/{id}} → "shops"), else by name, else 1. */
    private static String seedFor(String before, String name, Map<String, String> seeds) {
        String[] segments = before.split("/");
        String collection = segments.length == 0 ? "" : segments[segments.length - 1];
        return seeds.getOrDefault(collection + "/" + name, seeds.getOrDefault(name, "1"));
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("sample body is not JSON: " + json, e);
        }
    }

    /** Field paths: top level, the fields of nested objects and of the first element of arrays of objects. */
    static List<String> fieldPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        if (node instanceof ObjectNode object) {
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                paths.add(path);
                JsonNode child = object.get(name);
                if (child.isObject()) {
                    paths.addAll(fieldPaths(child, path));
                } else if (child.isArray() && !child.isEmpty() && child.get(0).isObject()) {
                    paths.addAll(fieldPaths(child.get(0), path + "[0]"));
                }
            }
        }
        return paths;
    }

    private static String firstStringPath(JsonNode tree, String prefix) {
        for (String path : fieldPaths(tree, prefix)) {
            JsonNode value = locate(tree, path);
            if (value != null && value.isTextual()) {
                return path;
            }
        }
        return null;
    }

    private static JsonNode locate(JsonNode tree, String path) {
        JsonNode at = tree;
        for (String part : path.split("\\.")) {
            boolean first = part.endsWith("[0]");
            at = at.get(first ? part.substring(0, part.length() - 3) : part);
            if (at == null) {
                return null;
            }
            if (first) {
                at = at.get(0);
            }
        }
        return at;
    }

    static String mutate(JsonNode tree, String path, String rawValue) {
        JsonNode copy = tree.deepCopy();
        String[] parts = path.split("\\.");
        JsonNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            parent = part.endsWith("[0]") ? parent.get(part.substring(0, part.length() - 3)).get(0) : parent.get(part);
        }
        ((ObjectNode) parent).put(parts[parts.length - 1], MARK);
        return copy.toString().replace("\"" + MARK + "\"", rawValue);
    }

    private static String remove(JsonNode tree, String path) {
        JsonNode copy = tree.deepCopy();
        String[] parts = path.split("\\.");
        JsonNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            parent = part.endsWith("[0]") ? parent.get(part.substring(0, part.length() - 3)).get(0) : parent.get(part);
        }
        ((ObjectNode) parent).remove(parts[parts.length - 1]);
        return copy.toString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] replace(byte[] data, String mark, byte[] with) {
        byte[] needle = bytes(mark);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; ) {
            boolean match = i <= data.length - needle.length;
            for (int j = 0; match && j < needle.length; j++) {
                match = data[i + j] == needle[j];
            }
            if (match) {
                out.writeBytes(with);
                i += needle.length;
            } else {
                out.write(data[i++]);
            }
        }
        return out.toByteArray();
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
    }
}
