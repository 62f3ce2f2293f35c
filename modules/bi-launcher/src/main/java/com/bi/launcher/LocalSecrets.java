package com.bi.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The secrets of one local platform, made on its first start and kept beside its data ({@code launcher.properties},
 * readable by the owner only), so a restart keeps tokens, sealed credentials and the operator's password valid:
 * the JWT signing secret, the key sealing stored credentials, and the password of the operator {@code platform/admin}.
 * Never the public development secrets: a laptop's platform is still reachable from its network.
 */
public record LocalSecrets(String jwtSecret, String cryptoKey, String operatorPassword) {
    static final String FILE = "launcher.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads the secrets of {@code dataDir}, creating them on the first start. */
    public static LocalSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                return new LocalSecrets(required(p, file, "jwt.secret"), required(p, file, "crypto.key"),
                        required(p, file, "operator.password"));
            }
            LocalSecrets made = new LocalSecrets(random(48), Base64.getEncoder().encodeToString(bytes(32)),
                    // the password policy wants three character classes; a random base64url tail plus a fixed prefix has them
                    "Op-9" + random(18));
            Properties p = new Properties();
            p.setProperty("jwt.secret", made.jwtSecret);
            p.setProperty("crypto.key", made.cryptoKey);
            p.setProperty("operator.password", made.operatorPassword);
            Files.createDirectories(dataDir);
            Path partial = dataDir.resolve(FILE + ".new");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                p.store(out, "bi-launcher: this local platform's secrets (made on its first start; keep private)");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static String required(Properties p, Path file, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no " + key + "; remove the file to make new secrets "
                    + "(stored credentials sealed with the old key then cannot be opened)");
        }
        return value;
    }

    private static String random(int byteCount) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(byteCount));
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "LocalSecrets[redacted]";
    }
}
