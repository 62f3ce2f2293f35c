package com.bi.server.domain;

/**
 * One part of a dashboard answer: {@code ok} with its data, {@code unavailable} when the service behind it could not
 * answer (the console shows a "not available" panel), or {@code error} when it refused the question (e.g. a range
 * longer than it answers). A section never fails the whole answer.
 */
public record Section(String status, String service, String message, Object data) {
    public static Section ok(String service, Object data) {
        return new Section("ok", service, null, data);
    }

    public static Section unavailable(String service, String message) {
        return new Section("unavailable", service, message, null);
    }

    public static Section error(String service, String message) {
        return new Section("error", service, message, null);
    }

    public boolean succeeded() {
        return status.equals("ok");
    }
}
