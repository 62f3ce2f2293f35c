package com.bi.chat;

import com.bi.common.config.OptionCatalog;

/** bi-chat reads only the kit's options so far; declare its own here (OptionsDeclarationTest holds the code to it). */
public final class ChatOptions {
    /** What bi-chat reads beyond the kit: nothing yet. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-chat");

    private ChatOptions() {
    }
}
