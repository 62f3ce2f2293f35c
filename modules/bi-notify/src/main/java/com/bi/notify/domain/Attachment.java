package com.bi.notify.domain;

/** A picture shown inline (role IMAGE, e.g. a PNG chart) or a file attached (role FILE, e.g. an XLSX). */
public record Attachment(Role role, String name, String contentType, byte[] data) {
    public enum Role {
        IMAGE, FILE
    }

    @Override
    public String toString() {
        return "Attachment[" + role + " " + name + " " + contentType + " " + data.length + " bytes]";
    }
}
