package com.bi.common.server;

import com.bi.common.error.ApiException;
import com.bi.common.parse.Ids;
import com.bi.common.tenancy.TenantCodes;
import io.helidon.webserver.http.ServerRequest;

/** Path parameters and conditional headers read with a 400 that names them, the same way on every route. */
public final class RequestParams {
    private RequestParams() {
    }

    /** A positive id such as {@code /shops/{id}} ({@link Ids}). */
    public static long id(ServerRequest req, String name) {
        return Ids.require(name, req.path().pathParameters().get(name));
    }

    /** A tenant code such as {@code /admin/tenants/{code}}: 2 to 40 lower-case letters, digits or '-'. */
    public static String tenantCode(ServerRequest req, String name) {
        String code = req.path().pathParameters().get(name);
        if (!TenantCodes.valid(code)) {
            throw ApiException.badRequest(name, "a tenant code is 2 to 40 lower-case letters, digits or '-'; got " + TenantCodes.quote(code));
        }
        return code;
    }

    /** The version in an {@code If-Match} ETag this API returned ({@code "3"} or {@code W/"3"}). */
    public static long etagVersion(String etag) {
        String value = etag.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match", "If-Match must be an ETag returned by this API, such as \"3\"; got " + etag);
        }
    }
}
