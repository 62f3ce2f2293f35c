package com.bi.common.server;

import java.util.Objects;

import com.bi.common.config.OptionCatalog;

/**
 * The usual base of a {@link Service}: declared by its option catalog, which already names the service, so the name
 * and the options are written once ({@code public BasicService() { super(BasicOptions.CATALOG); }}).
 */
public abstract class DeclaredService implements Service {
    private final OptionCatalog options;

    protected DeclaredService(OptionCatalog options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public final String name() {
        return options.service();
    }

    @Override
    public final OptionCatalog options() {
        return options;
    }
}
