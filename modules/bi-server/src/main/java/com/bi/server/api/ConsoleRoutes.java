package com.bi.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The web console: {@code GET /} (index.html) and {@code GET /console/{file}} — the ES modules, styles and ECharts
 * from the webjar — read once from the jar. Public (the page holds no data; the API it calls needs a token), with a
 * Content-Security-Policy that allows scripts from this origin only, no framing and no referrer.
 */
public final class ConsoleRoutes {
    /** The console's files on the classpath (src/main/resources/console). */
    static final String ROOT = "console/";
    static final String ECHARTS = "echarts.esm.min.js";
    static final String ECHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.5.0/echarts.esm.min.js";
    /** Scripts from this origin only (no inline script, no eval); styles allow inline because ECharts' tooltips use style attributes. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final List<String> FILES = List.of("app.js", "api.js", "i18n.js", "views.js", "charts.js", "dashboard.js", "chat.js", "plan.js",
            "settings.js", "style.css", "favicon.svg",
            "template-dashboard.js", "panel-charts.js");

    private record Asset(byte[] body, String contentType, String etag) {
    }

    private ConsoleRoutes() {
    }

    public static void register(HttpRouting.Builder routing) {
        Map<String, Asset> assets = load();
        Asset index = assets.get("index.html");
        routing.get("/", (req, res) -> send(req, res, index));
        routing.get("/console/{file}", (req, res) -> {
            String file = req.path().pathParameters().get("file");
            Asset asset = FILE.matcher(file).matches() ? assets.get(file) : null;
            if (asset == null || file.equals("index.html")) {
                throw ApiException.notFound("console file", file);
            }
            send(req, res, asset);
        });
    }

    private static void send(ServerRequest req, ServerResponse res, Asset asset) {
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.header(HeaderNames.ETAG, asset.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Frame-Options", "DENY");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(asset.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.send(asset.body());
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> assets = new HashMap<>();
        assets.put("index.html", asset(ROOT + "index.html"));
        for (String file : FILES) {
            assets.put(file, asset(ROOT + file));
        }
        assets.put(ECHARTS, asset(ECHARTS_RESOURCE));
        return Map.copyOf(assets);
    }

    private static Asset asset(String resource) {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console file " + resource + " is missing from the jar");
            }
            byte[] body = in.readAllBytes();
            return new Asset(body, contentType(resource), "\"" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String resource) {
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> "application/octet-stream";
        };
    }
}
