package com.bi.notify.data;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import com.bi.notify.domain.Attachment;
import com.bi.notify.domain.Channel;
import com.bi.notify.domain.ChannelSecrets;
import com.bi.notify.domain.ChannelSender;
import com.bi.notify.domain.EmailSettings;
import com.bi.notify.domain.OutgoingMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * SMTP email: {@code multipart/mixed} of a {@code multipart/related} — the HTML rendered from the markdown (raw HTML
 * in it escaped), each image an inline part whose {@code Content-ID} the HTML's {@code <img src="cid:...">} names —
 * and each file (e.g. the XLSX) as an attachment. STARTTLS is required when chosen; TLS is SMTPS; the server's
 * certificate and name are checked. Header {@code X-BI-Delivery} carries the delivery id (stable across retries).
 */
public final class EmailSender {
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private final OutboundGuard guard;
    private final Duration timeout;

    public EmailSender(OutboundGuard guard, Duration timeout) {
        this.guard = guard;
        this.timeout = timeout;
    }

    public void send(Channel channel, ChannelSecrets secrets, OutgoingMessage m) throws ChannelSender.Failure {
        EmailSettings s = channel.email();
        guard.smtpForSend(s.host());
        String protocol = s.security() == EmailSettings.Security.TLS ? "smtps" : "smtp";
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", s.host());
        p.put(prefix + "port", Integer.toString(s.port()));
        p.put(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
        p.put(prefix + "timeout", Long.toString(timeout.toMillis()));
        p.put(prefix + "writetimeout", Long.toString(timeout.toMillis()));
        p.put(prefix + "auth", Boolean.toString(s.username() != null));
        if (s.security() == EmailSettings.Security.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (s.security() != EmailSettings.Security.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(p);
        try {
            MimeMessage message = compose(session, s, m);
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect(s.host(), s.port(), s.username(), secrets.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AuthenticationFailedException e) {
            throw new ChannelSender.Failure("the SMTP server refused the username or password", false);
        } catch (SendFailedException e) {
            throw new ChannelSender.Failure("the SMTP server refused the message or a recipient: " + firstLine(e.getMessage()), false);
        } catch (MessagingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ChannelSender.Failure("SMTP failed: " + cause.getClass().getSimpleName() + " " + firstLine(cause.getMessage()), false);
        }
    }

    static MimeMessage compose(Session session, EmailSettings s, OutgoingMessage m) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(s.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", s.to())));
        message.setSubject(m.title(), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-BI-Delivery", m.deliveryId().toString());

        MimeMultipart related = new MimeMultipart("related");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(m.title(), m.markdown(), m.images(), m.files()), "UTF-8", "html");
        related.addBodyPart(html);
        List<Attachment> images = m.images();
        for (int i = 0; i < images.size(); i++) {
            Attachment image = images.get(i);
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(image.data(), image.contentType())));
            part.setContentID("<" + contentId(i) + ">");
            part.setDisposition(Part.INLINE);
            part.setFileName(image.name());
            related.addBodyPart(part);
        }
        if (m.files().isEmpty()) {
            message.setContent(related);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(related);
            mixed.addBodyPart(body);
            for (Attachment file : m.files()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.data(), file.contentType())));
                part.setDisposition(Part.ATTACHMENT);
                part.setFileName(file.name());
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    /** The Content-ID of the i-th image (without angle brackets), as the HTML references it. */
    static String contentId(int i) {
        return "image-" + i + "@bi-notify";
    }

    static String html(String title, String markdown, List<Attachment> images, List<Attachment> files) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head><body><h2>").append(escape(title)).append("</h2>\n")
                .append(HTML.render(MARKDOWN.parse(markdown)));
        for (int i = 0; i < images.size(); i++) {
            out.append("<p><img src=\"cid:").append(contentId(i)).append("\" alt=\"").append(escape(images.get(i).name()))
                    .append("\" style=\"max-width:100%\"></p>\n");
        }
        if (!files.isEmpty()) {
            out.append("<p>Attached: ").append(escape(String.join(", ", files.stream().map(Attachment::name).toList()))).append("</p>\n");
        }
        return out.append("</body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
