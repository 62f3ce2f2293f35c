package com.bi.nacos.discovery;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.nacos.NacosOptions;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

/** grpc-java resolver for {@code nacos://<connection>/<service>} targets (registered in META-INF/services). */
public final class NacosNameResolverProvider extends NameResolverProvider {
    public static final String SCHEME = "nacos";
    private static final Map<String, NacosOptions> CONNECTIONS = new ConcurrentHashMap<>();

    /** Makes a Nacos connection known to the resolver; returns the target authority that names it. */
    static String remember(NacosOptions options) {
        String key = "c" + options.connectionKey();
        CONNECTIONS.put(key, options);
        return key;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme())) {
            return null;
        }
        String service = targetUri.getPath() == null ? "" : targetUri.getPath().replaceFirst("^/", "");
        NacosOptions options = CONNECTIONS.get(targetUri.getAuthority());
        if (options == null || service.isEmpty()) {
            throw new IllegalArgumentException("unknown Nacos target " + targetUri
                    + " (use kit.peers(): targets are nacos://<connection>/<service>)");
        }
        return new NacosNameResolver(service, options, args);
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }
}
