package com.bi.nacos.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.nacos.NacosClients;
import com.bi.nacos.NacosMetrics;
import com.bi.nacos.NacosOptions;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.spi.ConfigContent;
import io.helidon.config.spi.ConfigNode;
import io.helidon.config.spi.EventConfigSource;
import io.helidon.config.spi.NodeConfigSource;

/**
 * The service's Nacos configuration ({@code <service>-<env>.yaml} in {@code NACOS_GROUP}/{@code NACOS_NAMESPACE}) as
 * the top Helidon config layer. Every push is validated ({@link ConfigValidator}); a valid one replaces the tree,
 * is written to the last-good cache and fires Helidon's change events (so {@code config.get(key).onChange(..)}
 * sees it); an invalid one is logged, counted and ignored. At start, when Nacos is unreachable (or refuses the
 * credentials, or holds an invalid document) the cache is used; with no cache a prod service refuses to start.
 */
public final class NacosConfigSource implements NodeConfigSource, EventConfigSource {
    private static final Logger LOG = Logger.getLogger(NacosConfigSource.class.getName());

    /** Where the current configuration came from. */
    public enum Origin { NACOS, CACHE, NONE }

    private final String service;
    private final DeployEnv env;
    private final NacosOptions options;
    private final String dataId;
    private final ConfigValidator validator;
    private final ConfigCache cache;
    private final List<BiConsumer<String, ConfigNode>> listeners = new CopyOnWriteArrayList<>();
    private volatile String currentText;
    private volatile RemoteYaml current = RemoteYaml.EMPTY;
    private volatile Origin origin = Origin.NONE;

    private NacosConfigSource(String service, DeployEnv env, NacosOptions options, Config local) {
        this.service = service;
        this.env = env;
        this.options = options;
        this.dataId = NacosOptions.dataId(service, env);
        this.validator = new ConfigValidator(service, local);
        this.cache = new ConfigCache(options.cacheDir(), options.namespace(), options.group(), dataId);
    }

    /** Reads the first configuration (Nacos, else the cache) and subscribes to changes. */
    public static NacosConfigSource start(String service, DeployEnv env, NacosOptions options, Config local) {
        NacosConfigSource source = new NacosConfigSource(service, env, options, local);
        source.init();
        return source;
    }

    private void init() {
        ConfigService client = NacosClients.config(options);
        String problem = null;
        if (!awaitUp(client)) {
            problem = "Nacos at " + options.serverAddr() + " is unreachable";
        } else {
            try {
                String text = client.getConfig(dataId, options.group(), options.timeout().toMillis());
                try {
                    apply(text, Origin.NACOS);
                    LOG.info(() -> service + ": config " + dataId + " from " + options + " (" + current.flat().size() + " keys)");
                } catch (RejectedConfigException e) {
                    NacosMetrics.rejected(service);
                    problem = "the config " + dataId + " in Nacos is invalid: " + e.getMessage();
                }
            } catch (NacosException e) {
                problem = e.getErrCode() == NacosException.NO_RIGHT
                        ? "Nacos refused the credentials (NACOS_USERNAME/NACOS_PASSWORD or access/secret key): " + e.getErrMsg()
                        : "Nacos at " + options.serverAddr() + " failed: " + e.getErrMsg();
            }
        }
        if (problem != null) {
            fallBack(problem);
        }
        try {
            client.addListener(dataId, options.group(), new Listener() {
                @Override
                public Executor getExecutor() {
                    return null;
                }

                @Override
                public void receiveConfigInfo(String configInfo) {
                    onPush(configInfo);
                }
            });
        } catch (NacosException e) {
            LOG.log(Level.WARNING, service + ": cannot listen to " + dataId + " in Nacos: " + e.getErrMsg(), e);
        }
    }

    private boolean awaitUp(ConfigService client) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (!"UP".equals(client.getServerStatus())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void fallBack(String problem) {
        Optional<String> cached = cache.read();
        if (cached.isPresent()) {
            try {
                apply(cached.get(), Origin.CACHE);
                NacosMetrics.cacheUsed(service);
                LOG.warning(() -> service + ": " + problem + "; using the last good config cached at " + cache.file()
                        + " (changes will apply when Nacos answers)");
                return;
            } catch (RejectedConfigException e) {
                LOG.warning(() -> service + ": the cached config at " + cache.file() + " is invalid: " + e.getMessage());
            }
        }
        if (env.isProd()) {
            throw new InvalidConfigException("nacos.server.addr", problem + ", and there is no cached config at "
                    + cache.file() + "; refusing to start in prod without its configuration (NACOS_SERVER_ADDR="
                    + options.serverAddr() + ", BI_NACOS_CACHE_DIR=" + options.cacheDir() + ")");
        }
        LOG.warning(() -> service + ": " + problem + " and no cached config at " + cache.file()
                + "; starting on the local config (" + env.id() + "), Nacos changes will apply when it answers");
    }

    /** A push from Nacos: apply when valid and different, else keep the last good one. */
    void onPush(String text) {
        if (Objects.equals(normalize(text), normalize(currentText)) && origin != Origin.NONE) {
            return;
        }
        try {
            apply(text, Origin.NACOS);
        } catch (RejectedConfigException e) {
            NacosMetrics.rejected(service);
            LOG.warning(() -> service + ": rejected the config pushed to " + dataId + " (" + e.getMessage()
                    + "); keeping the last good one");
            return;
        }
        NacosMetrics.updated(service);
        LOG.info(() -> service + ": applied the config pushed to " + dataId + " (" + current.flat().size() + " keys)");
        ConfigNode.ObjectNode node = current.node();
        for (BiConsumer<String, ConfigNode> listener : listeners) {
            try {
                listener.accept("", node);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a config change listener failed", e);
            }
        }
    }

    private synchronized void apply(String text, Origin from) {
        RemoteYaml parsed = validator.validate(text);
        current = parsed;
        currentText = text;
        origin = from;
        if (from == Origin.NACOS && !cache.write(text == null ? "" : text)) {
            LOG.warning(() -> service + ": cannot write the config cache " + cache.file() + " (set BI_NACOS_CACHE_DIR to a writable directory)");
        }
    }

    private static String normalize(String text) {
        return text == null ? "" : text;
    }

    public Origin origin() {
        return origin;
    }

    public String dataId() {
        return dataId;
    }

    public ConfigCache cache() {
        return cache;
    }

    @Override
    public Optional<ConfigContent.NodeContent> load() throws ConfigException {
        return Optional.of(ConfigContent.NodeContent.builder().node(current.node()).build());
    }

    @Override
    public void onChange(BiConsumer<String, ConfigNode> changedNode) {
        listeners.add(changedNode);
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public boolean optional() {
        return true;
    }

    @Override
    public String description() {
        return "nacos:" + options.namespace() + "/" + options.group() + "/" + dataId;
    }
}
