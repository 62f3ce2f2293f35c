package com.bi.nacos.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.helidon.config.spi.ConfigNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** A YAML document from Nacos as a Helidon config tree and as flat {@code a.b.c → value} pairs. */
public record RemoteYaml(ConfigNode.ObjectNode node, Map<String, String> flat) {

    public static final RemoteYaml EMPTY = new RemoteYaml(ConfigNode.ObjectNode.empty(), Map.of());

    /** @throws RejectedConfigException when the text is not YAML or its root is not a mapping */
    public static RemoteYaml parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new RejectedConfigException("not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            return EMPTY;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new RejectedConfigException("the document must be a mapping of keys, got " + describe(root));
        }
        Map<String, String> flat = new TreeMap<>();
        ConfigNode.ObjectNode node = object(map, "", flat);
        return new RemoteYaml(node, Map.copyOf(flat));
    }

    private static ConfigNode.ObjectNode object(Map<?, ?> map, String prefix, Map<String, String> flat) {
        ConfigNode.ObjectNode.Builder builder = ConfigNode.ObjectNode.builder();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new RejectedConfigException("a key is null under '" + prefix + "'");
            }
            String key = String.valueOf(e.getKey());
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            builder.addNode(key, node(e.getValue(), path, flat));
        }
        return builder.build();
    }

    private static ConfigNode node(Object value, String path, Map<String, String> flat) {
        if (value instanceof Map<?, ?> map) {
            return object(map, path, flat);
        }
        if (value instanceof List<?> list) {
            ConfigNode.ListNode.Builder builder = ConfigNode.ListNode.builder();
            for (int i = 0; i < list.size(); i++) {
                ConfigNode child = node(list.get(i), path + "." + i, flat);
                if (child instanceof ConfigNode.ObjectNode o) {
                    builder.addObject(o);
                } else if (child instanceof ConfigNode.ListNode l) {
                    builder.addList(l);
                } else {
                    builder.addValue((ConfigNode.ValueNode) child);
                }
            }
            return builder.build();
        }
        String text = value == null ? "" : String.valueOf(value);
        flat.put(path, text);
        return ConfigNode.ValueNode.create(text);
    }

    private static String describe(Object root) {
        return root instanceof List ? "a list" : "a single value '" + root + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + "; " + b).orElse(message);
    }

    /** Keys in a stable order, for logs and diffs. */
    public Map<String, String> sorted() {
        return new LinkedHashMap<>(new TreeMap<>(flat));
    }
}
