package com.bi.common.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.proto.tenant.v1.GetTenantRequest;
import com.bi.proto.tenant.v1.Tenant;
import com.bi.proto.tenant.v1.TenantServiceGrpc;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/**
 * bi-tenant's {@code GetTenant} behind a cache with bounded staleness: an answer is reused for at most {@code ttl};
 * after that the next lookup asks again. When asking fails, the last answer is used for up to {@code maxStale}, then
 * {@link Unavailable}. A suspension therefore reaches every service within {@code ttl} while bi-tenant answers.
 * The caller's own token is sent: bi-tenant lets a tenant read itself (even suspended) and operators read any.
 */
public class TenantDirectory {
    private static final Logger LOG = Logger.getLogger(TenantDirectory.class.getName());
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private record Entry(Optional<TenantInfo> value, Instant fetched) {
    }

    private final Channel channel;
    private final Duration ttl;
    private final Duration maxStale;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public TenantDirectory(Channel channel, Duration ttl, Duration maxStale, Clock clock) {
        this.channel = channel;
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.clock = clock;
    }

    /** bi-tenant could not be asked and nothing recent enough is cached. */
    public static final class Unavailable extends ApiException {
        public Unavailable(String detail) {
            super(503, "Service Unavailable", detail);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** The tenant (empty when bi-tenant does not know it), asked with {@code bearerToken}. */
    public Optional<TenantInfo> find(String code, String bearerToken) {
        Instant now = clock.instant();
        Entry entry = entries.get(code);
        if (entry != null && now.isBefore(entry.fetched().plus(ttl))) {
            return entry.value();
        }
        try {
            Optional<TenantInfo> value = load(code, bearerToken);
            if (entries.size() > 100_000) {
                entries.clear();
            }
            entries.put(code, new Entry(value, now));
            return value;
        } catch (Unavailable e) {
            if (entry != null && now.isBefore(entry.fetched().plus(maxStale))) {
                LOG.fine(() -> "tenant " + code + " not refreshed (" + e.getMessage() + "); using the answer from " + entry.fetched());
                return entry.value();
            }
            throw e;
        }
    }

    /** Forgets what is cached for a tenant (e.g. after this service changed its status). */
    public void invalidate(String code) {
        entries.remove(code);
    }

    protected Optional<TenantInfo> load(String code, String bearerToken) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + bearerToken);
        try {
            Tenant tenant = TenantServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .getTenant(GetTenantRequest.newBuilder().setCode(code).build());
            return Optional.of(new TenantInfo(tenant.getCode(), "SUSPENDED".equals(tenant.getStatus()), tenant.getMaxShops(),
                    tenant.getMaxUsers(), tenant.getApiRatePerMinute(),
                    tenant.getTimeZone().isEmpty() ? "Asia/Shanghai" : tenant.getTimeZone()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw new Unavailable("the tenant service answered " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
        }
    }
}
