package com.bi.plantaoxi.domain;

import java.util.List;

import com.bi.common.error.ApiException;

/** An all-or-nothing import refused: nothing was imported; {@code errors} lists every bad row and field. */
public final class ImportRejected extends ApiException {
    private final transient List<FieldError> errors;

    public ImportRejected(int rows, List<FieldError> errors) {
        super(422, "Unprocessable Content", errors.size() + " of " + rows + " rows are invalid; nothing was imported"
                + " (mode=partial imports the valid rows)", errors.getFirst().field());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
