package com.bi.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;

import com.bi.common.crud.CrudResource;
import com.bi.common.crud.PageRequest;
import com.bi.common.server.RequestParams;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Query and header parameters as the kit reads them: {@code page}/{@code size} paging (its SQL offset must stay a
 * valid, non-negative number), {@code If-Match} ETags, and the list filters (id, text, enum). Input: NUL-separated
 * values page, size, etag, filter value.
 */
class RequestParamsFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void pagingEtagsAndFilters(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\u0000", -1);
        String page = part(parts, 0);
        String size = part(parts, 1);
        String etag = part(parts, 2);
        String filter = part(parts, 3);
        try {
            PageRequest request = PageRequest.parse(page, size);
            long offset = request.offset();
            if (offset < 0) {
                throw new AssertionError("page " + page + " size " + size + " gives a negative SQL offset " + offset);
            }
            if (request.size() < 1 || request.size() > PageRequest.MAX_SIZE || request.page() < 1) {
                throw new AssertionError("accepted an out-of-range page request " + request);
            }
        } catch (RuntimeException e) {
            Refusals.requireClientError(e);
        }
        if (etag != null) {
            try {
                RequestParams.etagVersion(etag);
            } catch (RuntimeException e) {
                Refusals.requireClientError(e);
            }
        }
        if (filter != null) {
            for (var parser : java.util.List.of(CrudResource.idFilter("id"), CrudResource.textFilter("name"),
                    CrudResource.enumFilter("day", DayOfWeek.class))) {
                try {
                    parser.apply(filter);
                } catch (RuntimeException e) {
                    Refusals.requireClientError(e);
                }
            }
        }
    }

    private static String part(String[] parts, int index) {
        return index < parts.length ? parts[index] : null;
    }
}
