package com.bi.common.server;

import com.bi.common.config.OptionCatalog;

/**
 * A bi-platform service, declared: its name and its wiring. {@link #wire} receives the platform's resources
 * explicitly and returns what the service runs (HTTP routes, gRPC services, workers), so the service class reads as
 * the table of contents of the service — which repository sits on which resource, which use case on which
 * repositories, which routes on which use cases. {@link ServiceRuntime} runs a declaration in production
 * ({@code public static void main(String[] args) { ServiceRuntime.run(new BasicService()); }}) and tests run the
 * very same declaration on a test configuration.
 */
public interface Service {
    /** The service's name, e.g. {@code bi-basic}: its config file, schema, log field, registry name. */
    String name();

    /**
     * Builds the service from {@code platform}: repositories on its database, clients on its peers, use cases on
     * those, and declares what runs. Called once, before the server starts; a bad setting throws
     * {@link com.bi.common.config.InvalidConfigException}.
     */
    Wiring wire(Platform platform);

    /**
     * The options the service reads beyond the kit's (its {@code XxxOptions.CATALOG}); the runtime validates them with
     * the kit's before wiring. None by default.
     */
    default OptionCatalog options() {
        return OptionCatalog.of(name());
    }

    /** A service declared in place (a probe, a test's stand-in service): {@code name} wired by {@code wire}. */
    static Service of(String name, java.util.function.Function<Platform, Wiring> wire) {
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Wiring wire(Platform platform) {
                return wire.apply(platform);
            }
        };
    }
}
