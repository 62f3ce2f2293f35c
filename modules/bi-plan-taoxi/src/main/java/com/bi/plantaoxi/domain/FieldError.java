package com.bi.plantaoxi.domain;

/** One bad field of one input row ({@code line}: the CSV line, 0 for a single request). */
public record FieldError(int line, String field, String message) {
}
