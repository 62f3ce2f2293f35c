package com.bi.template.domain;

/** A variable a template declares; panel queries refer to it as {@code ${name}}. {@code required} absent means false. */
public record Variable(String name, VariableType type, String defaultValue, Boolean required) {
    public Variable {
        required = required != null && required;
    }
}
