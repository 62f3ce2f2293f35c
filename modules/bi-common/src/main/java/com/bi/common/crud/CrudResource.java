package com.bi.common.crud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.bi.common.error.ApiException;
import com.bi.common.parse.Ids;
import com.bi.common.security.Roles;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The HTTP face of a {@link CrudUseCase}: {@code GET /} (paged, filtered list), {@code POST /} (201 + Location +
 * ETag), {@code GET /{id}}, {@code PUT /{id}} (If-Match required), {@code DELETE /{id}} (If-Match optional).
 * Reading needs any tenant role, writing {@link Roles#WRITE}. The tenant always comes from the token.
 */
public final class CrudResource<T extends Versioned, D> implements HttpService {
    private final String basePath;
    private final CrudUseCase<T, D> useCase;
    private final Class<D> draftType;
    private final Map<String, Function<String, Object>> filters;

    /**
     * @param basePath the path the resource is registered at (for Location headers)
     * @param filters  the query parameters the list accepts, each with a parser that validates its value
     */
    public CrudResource(String basePath, CrudUseCase<T, D> useCase, Class<D> draftType,
                        Map<String, Function<String, Object>> filters) {
        this.basePath = basePath;
        this.useCase = useCase;
        this.draftType = draftType;
        this.filters = Map.copyOf(filters);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", RoleGuard.any(Roles.READ), this::list)
                .post("/", RoleGuard.any(Roles.WRITE), this::create)
                .get("/{id}", RoleGuard.any(Roles.READ), this::get)
                .put("/{id}", RoleGuard.any(Roles.WRITE), this::replace)
                .delete("/{id}", RoleGuard.any(Roles.WRITE), this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        var query = req.query();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : query.names()) {
            if (name.equals("page") || name.equals("size")) {
                continue;
            }
            Function<String, Object> parser = filters.get(name);
            if (parser == null) {
                throw ApiException.badRequest(name, "unknown query parameter '" + name + "'; allowed: page, size"
                        + (filters.isEmpty() ? "" : ", " + String.join(", ", filters.keySet().stream().sorted().toList())));
            }
            values.put(name, parser.apply(query.get(name)));
        }
        PageRequest page = PageRequest.parse(query.first("page").orElse(null), query.first("size").orElse(null));
        JsonBodies.send(res, useCase.list(Callers.of(req).tenantId(), values, page));
    }

    private void create(ServerRequest req, ServerResponse res) {
        T created = useCase.create(Callers.of(req).tenantId(), JsonBodies.read(req, draftType));
        etag(res, created);
        JsonBodies.created(res, basePath + "/" + created.id(), created);
    }

    private void get(ServerRequest req, ServerResponse res) {
        T found = useCase.get(Callers.of(req).tenantId(), id(req));
        etag(res, found);
        JsonBodies.send(res, found);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        long id = id(req);
        String ifMatch = req.headers().first(HeaderNames.IF_MATCH).orElseThrow(() -> ApiException.preconditionRequired(
                "updating " + useCase.what() + " " + id + " needs an If-Match header with the ETag you read"));
        T updated = useCase.replace(Callers.of(req).tenantId(), id, version(ifMatch), JsonBodies.read(req, draftType));
        etag(res, updated);
        JsonBodies.send(res, updated);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Long expected = req.headers().first(HeaderNames.IF_MATCH).map(CrudResource::version).orElse(null);
        useCase.delete(Callers.of(req).tenantId(), id(req), expected);
        res.status(Status.NO_CONTENT_204).send();
    }

    static long id(ServerRequest req) {
        return RequestParams.id(req, "id");
    }

    private static void etag(ServerResponse res, Versioned value) {
        res.headers().set(HeaderNames.ETAG, "\"" + value.version() + "\"");
    }

    static long version(String etag) {
        return RequestParams.etagVersion(etag);
    }

    /** Filter parser for an enum-valued query parameter: 400 naming the parameter and the allowed values. */
    public static <E extends Enum<E>> Function<String, Object> enumFilter(String name, Class<E> type) {
        return value -> {
            try {
                return Enum.valueOf(type, value.trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name, name + " must be one of " + Set.of(type.getEnumConstants())
                        .stream().map(Enum::name).sorted().toList() + "; got '" + value + "'");
            }
        };
    }

    /** Filter parser for a free-text query parameter (trimmed, at most 200 characters). */
    public static Function<String, Object> textFilter(String name) {
        return value -> {
            String trimmed = value.trim();
            if (trimmed.isEmpty() || trimmed.length() > 200) {
                throw ApiException.badRequest(name, name + " must be 1 to 200 characters");
            }
            return trimmed;
        };
    }

    /** Filter parser for an id-valued query parameter. */
    public static Function<String, Object> idFilter(String name) {
        return value -> Ids.require(name, value.trim());
    }
}
