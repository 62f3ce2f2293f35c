package com.bi.notify;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.notify.domain.Notifications;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static com.bi.notify.NotifyTesting.API;
import static com.bi.notify.NotifyTesting.createChannel;
import static com.bi.notify.NotifyTesting.deliverUntil;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * EMAIL through a real SMTP server (GreenMail), read back over IMAP as the recipient: the HTML rendered from the
 * markdown, the chart as an inline PNG whose Content-ID the HTML references, the XLSX attached byte for byte.
 */
class EmailTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new NotifyService()).withDatabase().config(NotifyTesting.config());
    private static final String SMTP_PASSWORD = "smtp-PASSWORD-" + System.nanoTime();
    private static GreenMail mail;
    private final Http http;
    private final Notifications notifications;

    EmailTest(Http http) {
        this.http = http;
        this.notifications = SERVICE.app(Notifications.class);
    }

    @BeforeAll
    static void startMailServer() {
        mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
        mail.start();
        mail.setUser("bi@example.com", "bi-sender", SMTP_PASSWORD);
        mail.setUser("ops@example.com", "ops", "ops-password");
    }

    @AfterAll
    static void stopMailServer() {
        mail.stop();
    }

    /** A real PNG (a small bar chart's worth of pixels). */
    static byte[] png() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 20; y++) {
                image.setRGB(x, y, y > 20 - x / 2 ? Color.BLUE.getRGB() : Color.WHITE.getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Bytes in the XLSX container format (a zip with a sheet entry): what bi-template exports. */
    static byte[] xlsx() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>GMV</t></is></c></row></sheetData></worksheet>".getBytes());
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void theHtmlTheInlineChartAndTheXlsxArriveOverImap() throws Exception {
        String tenant = "mail-tenant";
        String admin = bearer(tenant, "ADMIN");
        String channel = createChannel(http, admin, """
                {"name":"ops mail","kind":"EMAIL","smtp_host":"127.0.0.1","smtp_port":%d,"smtp_security":"NONE",
                 "username":"bi-sender","password":"%s","from":"bi@example.com","to":["ops@example.com"]}"""
                .formatted(mail.getSmtp().getPort(), SMTP_PASSWORD));
        Http.Response shown = http.get(API + "channels/" + channel, admin);
        assertThat(shown.json().get("password_set").asBoolean(), is(true));
        assertThat(shown.body(), not(containsString(SMTP_PASSWORD)));

        byte[] png = png();
        byte[] xlsx = xlsx();
        Http.Response sent = http.post(API + "send", bearer(tenant, "SERVICE"), """
                {"idempotency_key":"daily-2026-12-02","channel_ids":["%s"],"title":"Daily sales 2026-12-01",
                 "markdown":"# Yesterday\\n\\nGMV **¥1,234,567** (+5.2%%)\\n\\n- Tmall A: 71%% of target <script>x</script> [details](javascript:alert(1))",
                 "images":[{"name":"gmv.png","content_type":"image/png","data":"%s"}],
                 "files":[{"name":"daily.xlsx","content_type":"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet","data":"%s"}]}"""
                .formatted(channel, Base64.getEncoder().encodeToString(png), Base64.getEncoder().encodeToString(xlsx)));
        assertThat(sent.toString(), sent.status(), is(202));
        deliverUntil(notifications, () -> mail.getReceivedMessages().length == 1);

        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", mail.getImap().getPort(), "ops", "ops-password");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages.length, is(1));
            Message message = messages[0];
            assertThat(message.getSubject(), is("Daily sales 2026-12-01"));
            assertThat(message.getFrom()[0].toString(), is("bi@example.com"));
            assertThat(message.getHeader("X-BI-Delivery")[0], is(sent.json().get("deliveries").get(0).get("id").asText()));

            List<Part> parts = new ArrayList<>();
            flatten(message, parts);
            Part html = parts.stream().filter(p -> ofType(p, "text/html")).findFirst().orElseThrow();
            String body = (String) html.getContent();
            assertThat(body, containsString("<h1>Yesterday</h1>"));
            assertThat(body, containsString("<strong>¥1,234,567</strong>"));
            assertThat(body, containsString("&lt;script&gt;")); // raw HTML in the markdown is escaped
            assertThat(body, not(containsString("<script>")));
            assertThat(body, not(containsString("javascript:"))); // link targets are sanitized

            MimeBodyPart image = (MimeBodyPart) parts.stream().filter(p -> ofType(p, "image/png")).findFirst().orElseThrow();
            String contentId = image.getContentID();
            assertThat(contentId, startsWith("<"));
            assertThat(body, containsString("src=\"cid:" + contentId.substring(1, contentId.length() - 1) + "\""));
            assertThat(image.getDisposition(), is(Part.INLINE));
            assertThat(bytes(image), is(png));

            Part attachment = parts.stream().filter(p -> ofType(p, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                    .findFirst().orElseThrow();
            assertThat(attachment.getDisposition(), is(Part.ATTACHMENT));
            assertThat(attachment.getFileName(), is("daily.xlsx"));
            assertThat(bytes(attachment), is(xlsx));
            assertThat(message.isMimeType("multipart/mixed"), is(true));
        }
    }

    @Test
    void aWrongSmtpPasswordFailsTheAttemptWithoutShowingIt() {
        String tenant = "mail-tenant-2";
        String admin = bearer(tenant, "ADMIN");
        String channel = createChannel(http, admin, """
                {"name":"ops mail","kind":"EMAIL","smtp_host":"127.0.0.1","smtp_port":%d,"smtp_security":"NONE",
                 "username":"bi-sender","password":"not-the-PASSWORD-42","from":"bi@example.com","to":["ops@example.com"]}"""
                .formatted(mail.getSmtp().getPort()));
        Http.Response test = http.post(API + "channels/" + channel + "/test", admin, null);
        assertThat(test.toString(), test.status(), is(200));
        assertThat(test.json().get("status").asText(), is("DEAD"));
        assertThat(test.json().get("last_error").asText(), containsString("refused the username or password"));
        assertThat(test.body(), not(containsString("not-the-PASSWORD-42")));
    }

    private static boolean ofType(Part part, String type) {
        try {
            return part.isMimeType(type);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void flatten(Part part, List<Part> into) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                flatten(child, into);
            }
        } else {
            into.add(part);
        }
    }

    private static byte[] bytes(Part part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
