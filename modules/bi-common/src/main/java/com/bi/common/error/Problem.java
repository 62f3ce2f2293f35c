package com.bi.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details. {@code type} stays {@code about:blank} (the status says it all), {@code instance} is
 * the request path, {@code request_id} lets a user quote the failing request to operators.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field,
                      String request_id) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, String instance, String field, String requestId) {
        return new Problem("about:blank", title, status, detail, instance, field, requestId);
    }
}
