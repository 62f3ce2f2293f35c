package com.bi.common.grpc;

import com.bi.common.error.ApiException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Hostile-input finding F10: a description echoing a 100 KB input could not be sent as trailers; the call hung. */
class GrpcStatusTest {

    @Test
    void descriptionsAreShortAndOnOneLine() {
        Status status = GrpcStatus.of(new ApiException(404, "Not Found", "tenant '" + "x".repeat(100_000) + "'\r\nX-Injected: 1 not found"));
        assertThat(status.getCode(), is(Status.Code.NOT_FOUND));
        assertThat(status.getDescription().length(), lessThanOrEqualTo(GrpcStatus.MAX_DESCRIPTION + 1));
        assertThat(status.getDescription().chars().anyMatch(Character::isISOControl), is(false));
        assertThat(GrpcStatus.of(ApiException.badRequest("code", "code is wrong")).getDescription(), is("code is wrong"));
    }
}
