package com.bi.common.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
 * after that the next lookup asks again. A suspension therefore reaches every service within {@code ttl} while
 * bi-tenant answers.
 *
 * <p>When bi-tenant cannot answer, nobody waits on it: a lookup waits for an answer at most {@code timeout}
 * ({@code bi.tenant.status.timeout}) and only while bi-tenant is believed up; once a lookup failed or timed out,
 * later lookups answer at once from the cache (an <em>unverified</em> answer, usable for up to {@code maxStale}) while
 * one background probe at a time asks bi-tenant again, until it answers. Concurrent lookups of one tenant share one
 * call. The caller's own token is sent: bi-tenant lets a tenant read itself (even suspended) and operators read any;
 * where there is no caller (a login, a worker) {@link #find(String)} sends this service's own token of the tenant.
 *
 * <p>The one tenant directory of the platform, and {@link TenantGuard#of} its one guard: a test replaces bi-tenant
 * by overriding {@link #load}, and keeps the cache, the staleness rules and the guard of production.
 */
public class TenantDirectory {
    private static final Logger LOG = Logger.getLogger(TenantDirectory.class.getName());
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(Optional<TenantInfo> value, Instant fetched) {
    }

    /** How an answer was obtained. */
    public enum Source {
        /** bi-tenant answered within {@code ttl}. */
        FRESH,
        /** bi-tenant could not answer now; this is its last answer, younger than {@code maxStale}. */
        STALE,
        /** bi-tenant could not answer and nothing younger than {@code maxStale} is known. */
        NONE
    }

    /**
     * What the directory knows about a tenant now. {@code tenant} is empty for an unknown tenant (FRESH/STALE) and for
     * {@link Source#NONE}; {@code fetched} is when bi-tenant gave the answer (null for NONE); {@code problem} says why
     * bi-tenant was not asked or did not answer (null for FRESH).
     */
    public record Answer(Source source, Optional<TenantInfo> tenant, Instant fetched, String problem) {
        public boolean verified() {
            return source == Source.FRESH;
        }
    }

    private final Channel channel;
    private final Duration ttl;
    private final Duration maxStale;
    private final Duration timeout;
    private final Clock clock;
    private final Function<String, String> ownToken;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<TenantInfo>>> inFlight = new ConcurrentHashMap<>();
    /** Why bi-tenant is believed down (null while it answers): lookups then use the cache without waiting. */
    private volatile String down;

    public TenantDirectory(Channel channel, Duration ttl, Duration maxStale, Clock clock) {
        this(channel, ttl, maxStale, DEFAULT_TIMEOUT, clock);
    }

    /**
     * @param timeout how long a lookup waits for bi-tenant (while it is believed up) before answering from the cache;
     *                the call itself keeps the peer's deadline and finishes in the background
     */
    public TenantDirectory(Channel channel, Duration ttl, Duration maxStale, Duration timeout, Clock clock) {
        this(channel, ttl, maxStale, timeout, clock, tenant -> {
            throw new IllegalStateException("this tenant directory has no service token to ask bi-tenant with");
        });
    }

    /**
     * @param ownToken this service's own token of a tenant ({@code ServiceTokens::token}), for {@link #find(String)}
     */
    public TenantDirectory(Channel channel, Duration ttl, Duration maxStale, Duration timeout, Clock clock,
                           Function<String, String> ownToken) {
        this.ownToken = ownToken;
        this.channel = channel;
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.timeout = timeout;
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

    public Duration maxStale() {
        return maxStale;
    }

    /**
     * The tenant (empty when bi-tenant does not know it), asked with {@code bearerToken}: bi-tenant's answer, or while
     * it cannot answer its last one younger than {@code maxStale}.
     *
     * @throws Unavailable when bi-tenant cannot answer and nothing younger than {@code maxStale} is cached
     */
    public Optional<TenantInfo> find(String code, String bearerToken) {
        Answer answer = lookup(code, bearerToken);
        if (answer.source() == Source.NONE) {
            throw new Unavailable(answer.problem());
        }
        return answer.tenant();
    }

    /** As {@link #find(String, String)}, asked with this service's own token of the tenant (no caller around). */
    public Optional<TenantInfo> find(String code) {
        return find(code, ownToken.apply(code));
    }

    /** What is known about the tenant now, never waiting more than {@code timeout} and not at all while bi-tenant is down. */
    public Answer lookup(String code, String bearerToken) {
        Instant now = clock.instant();
        Entry entry = entries.get(code);
        if (entry != null && now.isBefore(entry.fetched().plus(ttl))) {
            return new Answer(Source.FRESH, entry.value(), entry.fetched(), null);
        }
        String problem = down;
        if (problem == null) {
            CompletableFuture<Optional<TenantInfo>> call = refresh(code, bearerToken);
            try {
                Optional<TenantInfo> value = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return new Answer(Source.FRESH, value, clock.instant(), null);
            } catch (TimeoutException e) {
                problem = "the tenant service did not answer within " + timeout.toMillis() + " ms";
                markDown(problem);
            } catch (ExecutionException e) {
                problem = e.getCause() instanceof Unavailable u ? u.getMessage() : "the tenant service call failed: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted while asking the tenant service";
            }
        } else {
            probe(code, bearerToken);
        }
        if (entry != null && now.isBefore(entry.fetched().plus(maxStale))) {
            return new Answer(Source.STALE, entry.value(), entry.fetched(), problem);
        }
        return new Answer(Source.NONE, Optional.empty(), null, problem + (entry == null ? "; nothing cached for this tenant"
                : "; the last answer (" + entry.fetched() + ") is older than " + maxStale));
    }

    /** Forgets what is cached for a tenant (e.g. after this service changed its status). */
    public void invalidate(String code) {
        entries.remove(code);
    }

    /** One background call at a time while bi-tenant is down: the first answer brings lookups back to waiting for it. */
    private void probe(String code, String bearerToken) {
        if (inFlight.isEmpty()) {
            refresh(code, bearerToken);
        }
    }

    /** The call for {@code code} in flight, or a new one on a virtual thread (one per tenant at a time). */
    private CompletableFuture<Optional<TenantInfo>> refresh(String code, String bearerToken) {
        CompletableFuture<Optional<TenantInfo>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<TenantInfo>> running = inFlight.putIfAbsent(code, mine);
        if (running != null) {
            return running;
        }
        Thread.ofVirtual().name("tenant-lookup").start(() -> {
            try {
                Optional<TenantInfo> value = load(code, bearerToken);
                if (entries.size() >= MAX_ENTRIES) {
                    entries.clear();
                }
                entries.put(code, new Entry(value, clock.instant()));
                if (down != null) {
                    LOG.info("the tenant service answers again");
                    down = null;
                }
                inFlight.remove(code, mine);
                mine.complete(value);
            } catch (Throwable e) {
                markDown(e.getMessage());
                inFlight.remove(code, mine);
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    private void markDown(String problem) {
        if (down == null) {
            LOG.warning("the tenant service cannot be asked (" + problem + "); answering from the cache until it answers again");
        }
        down = problem == null ? "the tenant service call failed" : problem;
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
