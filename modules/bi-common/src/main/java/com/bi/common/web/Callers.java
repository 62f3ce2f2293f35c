package com.bi.common.web;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import io.helidon.webserver.http.ServerRequest;

/** The verified {@link Caller} of a request, put in the request's context by the edge's JWT check. */
public final class Callers {
    private Callers() {
    }

    /** The verified caller of this request; 401 if the route was not behind the JWT check. */
    public static Caller of(ServerRequest request) {
        return request.context().get(Caller.class, Caller.class)
                .orElseThrow(() -> ApiException.unauthorized("a bearer token is required"));
    }
}
