package com.bi.common.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Prints a token for local development, signed with {@code BI_JWT_SECRET} or the public development secret:
 * {@code java -cp modules/bi-basic/target/bi-basic.jar com.bi.common.security.DevToken tenant-a user-1 ADMIN}.
 * Refuses to run with {@code DEPLOY_ENV=prod}: production tokens come from bi-sys.
 */
public final class DevToken {
    private DevToken() {
    }

    public static void main(String[] args) {
        if ("prod".equalsIgnoreCase(System.getenv("DEPLOY_ENV"))) {
            System.err.println("DevToken refuses to mint tokens with DEPLOY_ENV=prod; log in through bi-sys");
            System.exit(2);
        }
        if (args.length < 3) {
            System.err.println("usage: DevToken <tenant-id> <user-id> <ROLE>[,ROLE...] [ttl-minutes]");
            System.exit(2);
        }
        String secret = System.getenv().getOrDefault("BI_JWT_SECRET", JwtVerifier.DEV_SECRET);
        List<String> roles = Arrays.asList(args[2].split(","));
        long minutes = args.length > 3 ? Long.parseLong(args[3]) : 60;
        System.out.println(new TokenMinter(secret, "bi-sys", "bi-platform")
                .token(args[0], args[1], roles, Duration.ofMinutes(minutes)));
    }
}
