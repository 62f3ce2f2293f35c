package com.bi.template;

import com.bi.common.server.ServiceRuntime;

/** bi-template: report templates and rendering. Its ports and API prefix are its line in the service catalog. */
public final class Main {
    public static final String NAME = TemplateService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new TemplateService());
    }
}
