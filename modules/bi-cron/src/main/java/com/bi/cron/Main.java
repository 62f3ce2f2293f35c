package com.bi.cron;

/** The jar's entry point: {@code java -jar bi-cron.jar <job> [--dry-run]} (see {@link Cron}). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Cron.main(args);
    }
}
