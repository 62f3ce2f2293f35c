package com.bi.notify.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link ChannelSecrets} as the JSON text that is sealed. */
final class SecretsCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SecretsCodec() {
    }

    static String encode(ChannelSecrets secrets) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("url", secrets.url());
        map.put("secret", secrets.secret());
        map.put("password", secrets.password());
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode channel secrets", e);
        }
    }

    static ChannelSecrets decode(String json) {
        try {
            Map<?, ?> map = MAPPER.readValue(json, Map.class);
            return new ChannelSecrets((String) map.get("url"), (String) map.get("secret"), (String) map.get("password"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored channel secrets are not readable JSON");
        }
    }
}
