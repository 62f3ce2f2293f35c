package com.bi.notify.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.security.SecretBox;
import com.bi.common.security.UnreadableSecretException;

/**
 * bi-notify's use cases: a tenant's channels (secrets sealed, write-only) and message templates; {@link #send} into
 * the durable outbox (idempotent per key); {@link #deliverNext} for the worker — rate limits, one attempt, retry
 * schedule or DEAD; a channel test; a manual retry. Every operation is scoped to the caller's tenant.
 */
public final class Notifications {
    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());
    private static final int MAX_NAME = 100;
    private static final int MAX_RECIPIENTS = 50;
    private static final String EMAIL_ADDRESS = "[^@\\s<>\",;]{1,64}@[A-Za-z0-9.-]{1,253}";
    private static final java.util.regex.Pattern TEMPLATE_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final ChannelStore channels;
    private final TemplateStore templates;
    private final Outbox outbox;
    private final ChannelSender sender;
    private final OutboundCheck outbound;
    private final SecretBox box;
    private final RetryPolicy retry;
    private final RateLimits rateLimits;
    private final Limits limits;
    private final Clock clock;

    public Notifications(ChannelStore channels, TemplateStore templates, Outbox outbox, ChannelSender sender,
                         OutboundCheck outbound, SecretBox box, RetryPolicy retry, RateLimits rateLimits, Limits limits,
                         Clock clock) {
        this.channels = channels;
        this.templates = templates;
        this.outbox = outbox;
        this.sender = sender;
        this.outbound = outbound;
        this.box = box;
        this.retry = retry;
        this.rateLimits = rateLimits;
        this.limits = limits;
        this.clock = clock;
    }

    // ---- channels

    public Channel createChannel(String tenantId, ChannelDraft draft) {
        if (draft.kind() == null) {
            throw ApiException.badRequest("kind", "kind is required: one of " + List.of(ChannelKind.values()));
        }
        UUID id = UUID.randomUUID();
        ChannelSecrets secrets = new ChannelSecrets(draft.url(), draft.secret(), draft.password());
        Instant now = clock.instant();
        Channel channel = build(tenantId, id, draft, draft.kind(), secrets, 1, now, now);
        channels.insert(channel);
        return channel;
    }

    /** Replaces the channel's settings; a secret left out (null) keeps its stored value. */
    public Channel updateChannel(String tenantId, UUID id, ChannelDraft draft) {
        Channel current = channel(tenantId, id);
        if (draft.kind() != null && draft.kind() != current.kind()) {
            throw ApiException.badRequest("kind", "a channel's kind cannot change (create another channel)");
        }
        ChannelSecrets stored;
        try {
            stored = open(current);
        } catch (ApiException unreadable) {
            stored = ChannelSecrets.NONE; // sealed under a key that is gone: what the admin enters now replaces them
        }
        ChannelSecrets secrets = stored.with(new ChannelSecrets(draft.url(), draft.secret(), draft.password()));
        Channel updated = build(tenantId, id, draft, current.kind(), secrets, current.version() + 1, current.createdAt(),
                clock.instant());
        if (!channels.update(updated, current.version())) {
            throw ApiException.conflict("the channel changed meanwhile; read it again");
        }
        return updated;
    }

    public void deleteChannel(String tenantId, UUID id) {
        if (!channels.delete(tenantId, id, clock.instant())) {
            throw ApiException.notFound("channel", id);
        }
    }

    public Channel channel(String tenantId, UUID id) {
        return channels.find(tenantId, id).orElseThrow(() -> ApiException.notFound("channel", id));
    }

    public List<Channel> channels(String tenantId) {
        return channels.list(tenantId);
    }

    /** Which secrets a channel has set (for the API: set or not, never the value). */
    public ChannelSecrets secretsSet(Channel channel) {
        try {
            ChannelSecrets s = open(channel);
            return new ChannelSecrets(s.url() == null ? null : "", s.secret() == null ? null : "", s.password() == null ? null : "");
        } catch (ApiException unreadable) {
            return ChannelSecrets.NONE;
        }
    }

    private Channel build(String tenantId, UUID id, ChannelDraft d, ChannelKind kind, ChannelSecrets secrets, long version,
                          Instant createdAt, Instant now) {
        String name = required(d.name(), "name", MAX_NAME);
        boolean enabled = d.enabled() == null || d.enabled();
        String urlHost = null;
        EmailSettings email = null;
        if (kind == ChannelKind.EMAIL) {
            if (d.url() != null || secrets.url() != null) {
                throw ApiException.badRequest("url", "an EMAIL channel has no url (smtp_host and smtp_port)");
            }
            if (d.secret() != null) {
                throw ApiException.badRequest("secret", "an EMAIL channel has no signing secret (password is the SMTP password)");
            }
            String host = required(d.smtpHost(), "smtp_host", 253);
            try {
                outbound.checkSmtpHost(host);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("smtp_host", e.getMessage());
            }
            if (d.smtpPort() == null || d.smtpPort() < 1 || d.smtpPort() > 65535) {
                throw ApiException.badRequest("smtp_port", "smtp_port is required, 1..65535 (587 for STARTTLS, 465 for TLS)");
            }
            EmailSettings.Security security = d.smtpSecurity() == null ? EmailSettings.Security.STARTTLS : d.smtpSecurity();
            String username = d.username() == null || d.username().isBlank() ? null : required(d.username(), "username", 253);
            if (username != null && (secrets.password() == null || secrets.password().isEmpty())) {
                throw ApiException.badRequest("password", "a username needs a password");
            }
            if (secrets.password() != null && secrets.password().length() > 512) {
                throw ApiException.badRequest("password", "password has at most 512 characters");
            }
            String from = address(d.from(), "from");
            if (d.to() == null || d.to().isEmpty() || d.to().size() > MAX_RECIPIENTS) {
                throw ApiException.badRequest("to", "to lists 1 to " + MAX_RECIPIENTS + " recipient addresses");
            }
            List<String> to = new ArrayList<>();
            for (int i = 0; i < d.to().size(); i++) {
                to.add(address(d.to().get(i), "to[" + i + "]"));
            }
            email = new EmailSettings(host, d.smtpPort(), security, username, from, to);
        } else {
            if (d.smtpHost() != null || d.smtpPort() != null || d.from() != null || d.to() != null || d.password() != null
                    || d.username() != null || d.smtpSecurity() != null) {
                throw ApiException.badRequest("smtp_host", "SMTP settings (smtp_*, username, password, from, to) belong to EMAIL channels only");
            }
            if (secrets.url() == null || secrets.url().isBlank()) {
                throw ApiException.badRequest("url", "url is required for a " + kind + " channel");
            }
            try {
                outbound.checkUrl(kind, secrets.url());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("url", e.getMessage());
            }
            urlHost = outbound.shownPart(secrets.url());
            if (kind == ChannelKind.WECOM && secrets.secret() != null) {
                throw ApiException.badRequest("secret", "WeCom group robots do not sign; the key is part of the url");
            }
            if (kind == ChannelKind.WEBHOOK && (secrets.secret() == null || secrets.secret().length() < 16)) {
                throw ApiException.badRequest("secret", "a WEBHOOK channel needs a signing secret of at least 16 characters");
            }
            if (secrets.secret() != null && (secrets.secret().isEmpty() || secrets.secret().length() > 512)) {
                throw ApiException.badRequest("secret", "secret has 1 to 512 characters");
            }
        }
        String sealed = box.seal(SecretsCodec.encode(secrets), Channel.sealContext(tenantId, id));
        return new Channel(id, tenantId, name, kind, enabled, urlHost, email, sealed, version, createdAt, now);
    }

    private ChannelSecrets open(Channel channel) {
        try {
            return SecretsCodec.decode(box.open(channel.sealedSecrets(), Channel.sealContext(channel.tenantId(), channel.id())));
        } catch (UnreadableSecretException e) {
            throw ApiException.conflict("the channel's stored secrets cannot be read with the current key; enter them again");
        }
    }

    private static String address(String value, String field) {
        if (value == null || !value.trim().matches(EMAIL_ADDRESS)) {
            throw ApiException.badRequest(field, field + " must be an email address like name@example.com");
        }
        return value.trim();
    }

    private static String required(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (value.length() > max) {
            throw ApiException.badRequest(field, field + " has at most " + max + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw ApiException.badRequest(field, field + " must not contain control characters");
        }
        return value.trim();
    }

    // ---- templates

    public MessageTemplate createTemplate(String tenantId, TemplateDraft draft) {
        Instant now = clock.instant();
        MessageTemplate template = template(tenantId, UUID.randomUUID(), draft, 1, now, now);
        templates.insert(template);
        return template;
    }

    public MessageTemplate updateTemplate(String tenantId, UUID id, TemplateDraft draft) {
        MessageTemplate current = template(tenantId, id);
        MessageTemplate updated = template(tenantId, id, draft, current.version() + 1, current.createdAt(), clock.instant());
        if (!templates.update(updated, current.version())) {
            throw ApiException.conflict("the template changed meanwhile; read it again");
        }
        return updated;
    }

    public void deleteTemplate(String tenantId, UUID id) {
        if (!templates.delete(tenantId, id)) {
            throw ApiException.notFound("template", id);
        }
    }

    public MessageTemplate template(String tenantId, UUID id) {
        return templates.find(tenantId, id).orElseThrow(() -> ApiException.notFound("template", id));
    }

    public List<MessageTemplate> templates(String tenantId) {
        return templates.list(tenantId);
    }

    private static MessageTemplate template(String tenantId, UUID id, TemplateDraft d, long version, Instant created, Instant now) {
        if (d.name() == null || !TEMPLATE_NAME.matcher(d.name()).matches()) {
            throw ApiException.badRequest("name", "name is 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        String title = text(d.title(), "title", Limits.MAX_TITLE);
        String markdown = text(d.markdown(), "markdown", Limits.MAX_MARKDOWN);
        return new MessageTemplate(id, tenantId, d.name(), title, markdown, version, created, now);
    }

    private static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (value.length() > max) {
            throw ApiException.badRequest(field, field + " has at most " + max + " characters");
        }
        return value;
    }

    // ---- send

    /**
     * Accepts a message: resolves the template and the target channels, then writes message + deliveries in one
     * transaction. The same key again answers the first call's deliveries with {@code duplicate = true} and queues
     * nothing; the same key with other content is a 409.
     */
    public Outbox.Accepted send(String tenantId, SendCommand command) {
        String key = command.idempotencyKey();
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("idempotency_key", "idempotency_key (or the Idempotency-Key header) is required");
        }
        if (key.length() > Limits.MAX_KEY || !key.matches("\\p{Graph}+")) {
            throw ApiException.badRequest("idempotency_key", "idempotency_key is 1 to " + Limits.MAX_KEY + " printable characters without spaces");
        }
        String title = command.title();
        String markdown = command.markdown();
        if (command.template() != null && !command.template().isBlank()) {
            MessageTemplate template = templates.findByName(tenantId, command.template())
                    .orElseThrow(() -> ApiException.badRequest("template", "no message template named '" + command.template() + "'"));
            title = title == null || title.isBlank() ? template.title() : title;
            markdown = markdown == null || markdown.isBlank() ? template.markdown() : markdown;
        }
        if (title == null || title.isBlank()) {
            throw ApiException.badRequest("title", "title is required (or a template)");
        }
        if (markdown == null || markdown.isBlank()) {
            throw ApiException.badRequest("markdown", "markdown is required (or a template)");
        }
        title = Templates.fill(title, command.variables());
        markdown = Templates.fill(markdown, command.variables());
        if (title.length() > Limits.MAX_TITLE || title.chars().anyMatch(c -> c < 0x20)) {
            throw ApiException.badRequest("title", "title is one line of at most " + Limits.MAX_TITLE + " characters");
        }
        if (markdown.length() > Limits.MAX_MARKDOWN) {
            throw ApiException.badRequest("markdown", "markdown has at most " + Limits.MAX_MARKDOWN + " characters");
        }
        List<Attachment> attachments = new ArrayList<>();
        attachments.addAll(attachments("images", command.images(), Attachment.Role.IMAGE, limits.maxImages()));
        attachments.addAll(attachments("files", command.files(), Attachment.Role.FILE, limits.maxFiles()));
        long total = attachments.stream().mapToLong(a -> a.data().length).sum();
        if (total > limits.maxTotalBytes()) {
            throw ApiException.badRequest("files", "attachments total " + total + " bytes; at most " + limits.maxTotalBytes());
        }
        List<Channel> targets = targets(tenantId, command.channelIds());
        String hash = requestHash(command.channelIds(), title, markdown, attachments);
        Instant now = clock.instant();
        Outbox.Accepted accepted = outbox.accept(new NewMessage(UUID.randomUUID(), tenantId, key, hash, title, markdown,
                attachments, targets, now, false));
        if (accepted.duplicate() && !accepted.requestHash().equals(hash)) {
            throw new ApiException(409, "Conflict", "this idempotency_key was used for a different message", "idempotency_key");
        }
        return accepted;
    }

    private List<Attachment> attachments(String field, List<Attachment> given, Attachment.Role role, int max) {
        if (given.size() > max) {
            throw ApiException.badRequest(field, field + " has at most " + max + " entries");
        }
        List<Attachment> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Attachment a = given.get(i);
            String at = field + "[" + i + "]";
            if (a == null) {
                throw ApiException.badRequest(at, at + " is null");
            }
            if (a.name() == null || a.name().isBlank() || a.name().length() > 100 || !a.name().matches("[^/\\\\\\p{Cntrl}\"]+")) {
                throw ApiException.badRequest(at + ".name", "name is a file name of 1 to 100 characters (no path, quotes or control characters)");
            }
            if (a.contentType() == null || !a.contentType().matches("[a-z]+/[a-z0-9.+-]{1,100}")) {
                throw ApiException.badRequest(at + ".content_type", "content_type is a media type like image/png");
            }
            if (role == Attachment.Role.IMAGE && !a.contentType().equals("image/png") && !a.contentType().equals("image/jpeg")) {
                throw ApiException.badRequest(at + ".content_type", "images are image/png or image/jpeg");
            }
            if (a.data() == null || a.data().length == 0) {
                throw ApiException.badRequest(at + ".data", "data (base64) is required");
            }
            if (a.data().length > limits.maxAttachmentBytes()) {
                throw ApiException.badRequest(at + ".data", "data has " + a.data().length + " bytes; at most " + limits.maxAttachmentBytes());
            }
            out.add(new Attachment(role, a.name(), a.contentType(), a.data()));
        }
        return out;
    }

    private List<Channel> targets(String tenantId, List<String> ids) {
        if (ids.size() > limits.maxChannels()) {
            throw ApiException.badRequest("channel_ids", "channel_ids has at most " + limits.maxChannels() + " entries");
        }
        if (ids.isEmpty()) {
            List<Channel> enabled = channels.list(tenantId).stream().filter(Channel::enabled).toList();
            if (enabled.isEmpty()) {
                throw ApiException.preconditionFailed("the tenant has no enabled channel; create one first");
            }
            return enabled;
        }
        Set<UUID> seen = new LinkedHashSet<>();
        List<Channel> targets = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "channel_ids[" + i + "]";
            UUID id = uuid(ids.get(i), field);
            if (!seen.add(id)) {
                continue;
            }
            Channel channel = channels.find(tenantId, id)
                    .orElseThrow(() -> ApiException.badRequest(field, "no channel " + id + " in this tenant"));
            if (!channel.enabled()) {
                throw ApiException.badRequest(field, "channel " + id + " is disabled");
            }
            targets.add(channel);
        }
        return targets;
    }

    /** A UUID parsed from caller input; a 400 naming {@code field} otherwise. */
    public static UUID uuid(String text, String field) {
        try {
            if (text == null || text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, field + " must be an id like 3f2c0a4e-8f1d-4c52-9a57-0c6f1e2d3b4a");
        }
    }

    private static String requestHash(List<String> channelIds, String title, String markdown, List<Attachment> attachments) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Map<String, String> parts = new TreeMap<>();
            parts.put("channels", String.join(",", channelIds.stream().sorted().toList()));
            parts.put("title", title);
            parts.put("markdown", markdown);
            for (String part : parts.values()) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            for (Attachment a : attachments) {
                sha.update((a.role() + "\0" + a.name() + "\0" + a.contentType() + "\0").getBytes(StandardCharsets.UTF_8));
                sha.update(MessageDigest.getInstance("SHA-256").digest(a.data()));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- deliveries

    /** One due delivery sent (or postponed, or failed); false when nothing was due. For the worker. */
    public boolean deliverNext() {
        return outbox.processNext(clock.instant(), due -> attempt(due, false)).isPresent();
    }

    /**
     * Sends a short test message to the channel now: one attempt, no retry (DEAD with the reason when it fails);
     * recorded in the delivery log like any other.
     */
    public Delivery test(String tenantId, UUID channelId) {
        Channel channel = channel(tenantId, channelId);
        Instant now = clock.instant();
        NewMessage message = new NewMessage(UUID.randomUUID(), tenantId, "channel-test:" + UUID.randomUUID(), "test",
                "bi-notify test message", "This is a test message from bi-notify for the channel **" + channel.name() + "**.",
                List.of(), List.of(channel), now, true);
        Delivery queued = outbox.accept(message).deliveries().getFirst();
        return outbox.processOne(tenantId, queued.id(), due -> attempt(due, true))
                .orElseThrow(() -> ApiException.conflict("the test delivery is being sent by a worker; see the delivery log"));
    }

    private Outbox.Outcome attempt(Outbox.Due due, boolean once) {
        Delivery delivery = due.delivery();
        Channel channel = due.channel();
        Instant now = clock.instant();
        if (!channel.enabled()) {
            return new Outbox.Abandoned(now, "the channel is disabled; enable it and retry the delivery");
        }
        int posts = sender.posts(channel, due.message());
        List<DeliveryAttempt> recent = outbox.attemptsSince(channel.tenantId(), channel.id(), now.minus(rateLimits.longestWindow(channel.kind())));
        Instant until = rateLimits.blockedUntil(channel.kind(), recent, posts, now);
        if (until != null) {
            if (once) {
                return new Outbox.Abandoned(now, "the channel's rate limit is reached; try again after " + until);
            }
            return new Outbox.Postponed(until, "rate limit");
        }
        ChannelSecrets secrets;
        try {
            secrets = SecretsCodec.decode(box.open(channel.sealedSecrets(), Channel.sealContext(channel.tenantId(), channel.id())));
        } catch (UnreadableSecretException e) {
            LOG.warning(() -> "delivery " + delivery.id() + ": the secrets of channel " + channel.id() + " cannot be opened");
            return new Outbox.Failed(now, 0, "the channel's stored secrets cannot be read with the current key; enter them again", null, -1);
        }
        try {
            sender.send(channel, secrets, due.message());
            LOG.fine(() -> "delivery " + delivery.id() + " sent to " + channel.kind() + " channel " + channel.id());
            return new Outbox.Sent(clock.instant(), posts);
        } catch (ChannelSender.Failure failure) {
            String error = Redaction.scrub(failure.getMessage(), secrets.values());
            Instant next = once || failure.permanent() ? null : retry.next(delivery.attempts() + 1, clock.instant());
            LOG.log(Level.WARNING, () -> "delivery " + delivery.id() + " to " + channel.kind() + " channel " + channel.id()
                    + " failed (attempt " + (delivery.attempts() + 1) + "): " + error + (next == null ? "; DEAD" : "; next at " + next));
            return new Outbox.Failed(clock.instant(), posts, error, next, failure.postsDone());
        } catch (RuntimeException e) {
            String error = Redaction.scrub("unexpected " + e.getClass().getSimpleName(), secrets.values());
            Instant next = once ? null : retry.next(delivery.attempts() + 1, clock.instant());
            LOG.log(Level.WARNING, () -> "delivery " + delivery.id() + " failed unexpectedly: " + error);
            return new Outbox.Failed(clock.instant(), posts, error, next, -1);
        }
    }

    /** A DEAD (or FAILED) delivery queued again now with a fresh attempt budget. */
    public Delivery retry(String tenantId, UUID deliveryId) {
        Delivery delivery = delivery(tenantId, deliveryId);
        if (delivery.status() == DeliveryStatus.SENT) {
            throw ApiException.conflict("delivery " + deliveryId + " was sent; send a new message instead");
        }
        if (delivery.status() == DeliveryStatus.QUEUED) {
            return delivery;
        }
        return outbox.requeue(tenantId, deliveryId, clock.instant())
                .orElseThrow(() -> ApiException.conflict("delivery " + deliveryId + " changed meanwhile; read it again"));
    }

    public Delivery delivery(String tenantId, UUID id) {
        return outbox.find(tenantId, id).orElseThrow(() -> ApiException.notFound("delivery", id));
    }

    public List<DeliveryAttempt> attempts(String tenantId, UUID deliveryId) {
        delivery(tenantId, deliveryId);
        return outbox.attempts(tenantId, deliveryId);
    }

    public List<Delivery> deliveries(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId, int offset, int limit) {
        return outbox.list(tenantId, status, channelId, messageId, offset, limit);
    }

    public long countDeliveries(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId) {
        return outbox.count(tenantId, status, channelId, messageId);
    }

    public Optional<Channel> findChannel(String tenantId, UUID id) {
        return channels.find(tenantId, id);
    }
}
