package com.bi.common.tenancy;

import java.util.regex.Pattern;

import com.bi.common.parse.Shown;

/** The one rule for a tenant code (a token's {@code tenant_id}, a path's tenant): 2 to 40 of a-z, 0-9 and '-'. */
public final class TenantCodes {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private TenantCodes() {
    }

    public static boolean valid(String code) {
        return code != null && code.length() <= 40 && CODE.matcher(code).matches();
    }

    /** A code for an error message: never echoes more than 40 characters of what a caller sent. */
    public static String quote(String code) {
        return Shown.quote(code);
    }
}
