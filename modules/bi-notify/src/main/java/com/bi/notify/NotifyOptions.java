package com.bi.notify;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;
import com.bi.common.net.PublicAddresses;
import com.bi.notify.domain.ChannelKind;
import com.bi.notify.domain.Limits;

/** bi-notify's own options: delivery workers, retries, timeouts, rate limits of webhooks and email, sizes, SSRF rules. */
public record NotifyOptions(int workers, Duration poll, int maxAttempts, Duration retryBase, Duration retryMax,
                            Duration timeout, int webhookPerMinute, int emailPerMinute, int wecomMaxImages, Limits limits,
                            Set<String> schemes, Map<ChannelKind, Set<String>> robotHosts, List<PublicAddresses.Cidr> trusted) {
    public static final Option<Integer> WORKERS = Option.integer("bi.notify.workers", 2, 0, 16,
            "delivery workers per replica (0: this replica only accepts messages)");
    public static final Option<Duration> POLL = Option.duration("bi.notify.poll", Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMinutes(1), "how often an idle delivery worker looks for due deliveries");
    public static final Option<Integer> MAX_ATTEMPTS = Option.integer("bi.notify.retry.max.attempts", 8, 1, 50,
            "attempts of a delivery before it is DEAD");
    public static final Option<Duration> RETRY_BASE = Option.duration("bi.notify.retry.base", Duration.ofSeconds(10),
            Duration.ofMillis(1), Duration.ofHours(1), "delay after the first failed attempt (doubling, with jitter)");
    public static final Option<Duration> RETRY_MAX = Option.duration("bi.notify.retry.max", Duration.ofMinutes(30),
            Duration.ofMillis(1), Duration.ofDays(1), "the longest delay between two attempts");
    public static final Option<Duration> TIMEOUT = Option.duration("bi.notify.timeout", Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofMinutes(2), "connect and answer timeout of one webhook, robot or SMTP call");
    public static final Option<Integer> WEBHOOK_PER_MINUTE = Option.integer("bi.notify.webhook.per.minute", 60, 1, 100_000,
            "requests per minute to one WEBHOOK channel (the robots have their vendors' documented limits)");
    public static final Option<Integer> EMAIL_PER_MINUTE = Option.integer("bi.notify.email.per.minute", 30, 1, 100_000,
            "emails per minute through one EMAIL channel");
    public static final Option<Integer> WECOM_MAX_IMAGES = Option.integer("bi.notify.wecom.max.images", 4, 0, 19,
            "images sent after a WeCom message (each is a request against the robot's 20 per minute)");
    public static final Option<Integer> MAX_IMAGES = Option.integer("bi.notify.max.images", 10, 0, 50, "images per message");
    public static final Option<Integer> MAX_FILES = Option.integer("bi.notify.max.files", 5, 0, 50, "files per message");
    public static final Option<Long> MAX_ATTACHMENT = Option.size("bi.notify.max.attachment", 5L << 20, 1024, 64L << 20,
            "largest image or file");
    public static final Option<Long> MAX_TOTAL = Option.size("bi.notify.max.total", 10L << 20, 1024, 256L << 20,
            "largest total of a message's attachments (keep bi.http.max.body and bi.grpc.max.message above it, base64 adds a third)");
    public static final Option<Integer> MAX_CHANNELS = Option.integer("bi.notify.max.channels", 20, 1, 200,
            "channels one message may name");
    public static final Option<String> OUTBOUND_SCHEMES = Option.string("bi.notify.outbound.schemes", "https",
            "schemes a channel URL may use (http only for test doubles and development)");
    public static final Option<String> OUTBOUND_TRUSTED_NETWORKS = Option.string("bi.notify.outbound.trusted.networks", "",
            "CIDRs a channel's host may resolve into although private or loopback (test doubles and development only; refused in prod)");
    public static final Option<String> DINGTALK_HOSTS = Option.string("bi.notify.dingtalk.hosts", "oapi.dingtalk.com",
            "hosts a DINGTALK channel URL may name");
    public static final Option<String> WECOM_HOSTS = Option.string("bi.notify.wecom.hosts", "qyapi.weixin.qq.com",
            "hosts a WECOM channel URL may name");
    public static final Option<String> FEISHU_HOSTS = Option.string("bi.notify.feishu.hosts", "open.feishu.cn,open.larksuite.com",
            "hosts a FEISHU channel URL may name");
    public static final Option<Duration> MESSAGE_RETENTION = Option.duration("bi.notify.message.retention", Duration.ofDays(90),
            Duration.ofDays(1), Duration.ofDays(3650), "messages are deleted this long after they were accepted, with their attachments,"
                    + " deliveries and attempt log (bi-cron retention); an idempotency key may be sent again after that");

    public static final OptionGroup GROUP = OptionGroup.of("bi-notify", "bi-notify", WORKERS, POLL, MAX_ATTEMPTS, RETRY_BASE,
            RETRY_MAX, TIMEOUT, WEBHOOK_PER_MINUTE, EMAIL_PER_MINUTE, WECOM_MAX_IMAGES, MAX_IMAGES, MAX_FILES, MAX_ATTACHMENT,
            MAX_TOTAL, MAX_CHANNELS, OUTBOUND_SCHEMES, OUTBOUND_TRUSTED_NETWORKS, DINGTALK_HOSTS, WECOM_HOSTS, FEISHU_HOSTS,
            MESSAGE_RETENTION);

    /** What bi-notify reads beyond the kit. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-notify", GROUP);

    public static NotifyOptions from(Settings s, DeployEnv env) {
        Set<String> schemes = new LinkedHashSet<>();
        for (String scheme : list(s.get(OUTBOUND_SCHEMES))) {
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new InvalidConfigException(OUTBOUND_SCHEMES.key(), "lists http and/or https; got '" + scheme + "'");
            }
            schemes.add(scheme);
        }
        if (schemes.isEmpty()) {
            throw new InvalidConfigException(OUTBOUND_SCHEMES.key(), "needs at least one scheme");
        }
        List<PublicAddresses.Cidr> trusted;
        try {
            trusted = PublicAddresses.networks(s.get(OUTBOUND_TRUSTED_NETWORKS));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(OUTBOUND_TRUSTED_NETWORKS.key(), e.getMessage());
        }
        if (env.isProd() && !trusted.isEmpty()) {
            throw new InvalidConfigException(OUTBOUND_TRUSTED_NETWORKS.key(), "is for test doubles only; prod sends only to public addresses");
        }
        if (s.get(RETRY_BASE).compareTo(s.get(RETRY_MAX)) > 0) {
            throw new InvalidConfigException(RETRY_BASE.key(), "must not exceed " + RETRY_MAX.key());
        }
        Limits limits = new Limits(s.get(MAX_IMAGES), s.get(MAX_FILES), s.get(MAX_ATTACHMENT), s.get(MAX_TOTAL), s.get(MAX_CHANNELS));
        return new NotifyOptions(s.get(WORKERS), s.get(POLL), s.get(MAX_ATTEMPTS), s.get(RETRY_BASE), s.get(RETRY_MAX),
                s.get(TIMEOUT), s.get(WEBHOOK_PER_MINUTE), s.get(EMAIL_PER_MINUTE), s.get(WECOM_MAX_IMAGES), limits,
                schemes, Map.of(ChannelKind.DINGTALK, Set.copyOf(list(s.get(DINGTALK_HOSTS))),
                        ChannelKind.WECOM, Set.copyOf(list(s.get(WECOM_HOSTS))),
                        ChannelKind.FEISHU, Set.copyOf(list(s.get(FEISHU_HOSTS)))), trusted);
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(x -> x.trim().toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty()).toList();
    }
}
