package com.bi.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What identifies a deployed configuration: the digest of the values files in the order helm gets them. */
final class Audit {
    private Audit() {
    }

    static String valuesDigest(OpsContext ctx) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : ctx.valuesFiles()) {
                md.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
                md.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw OpsException.failed("cannot read the values files: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
