package com.bi.nacos.server;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(NacosServerExtension.class)}: one real Nacos server per test JVM (started by the first test
 * class that needs it, stopped when the JVM's tests end), data under {@code target/nacos-it-home}; test methods
 * and constructors can take a {@link NacosServer} parameter.
 */
public final class NacosServerExtension implements BeforeAllCallback, ParameterResolver {
    public static final String PASSWORD = "bi-nacos-it-Passw0rd";

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    public static NacosServer server(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(NacosServerExtension.class));
        return store.getOrComputeIfAbsent("server", k -> new Handle(), Handle.class).server;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NacosServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static final class Handle implements ExtensionContext.Store.CloseableResource {
        final NacosServer server;

        Handle() {
            Path home = Path.of("target", "nacos-it-home-" + ProcessHandle.current().pid());
            server = NacosServer.create(home, PASSWORD).start();
            System.out.printf("[nacos] started on %s in %d ms%n", server.serverAddr(), server.lastStart().toMillis());
        }

        @Override
        public void close() {
            server.stop();
        }
    }
}
