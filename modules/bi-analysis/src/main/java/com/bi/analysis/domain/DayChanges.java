package com.bi.analysis.domain;

import java.time.LocalDate;
import java.util.Set;

/**
 * Told after a commit which pay days of a tenant changed (an ingest), or that all of them may have (a rollup
 * rebuild): readers that cache answers over days (bi-server's dashboards) drop those answers. Never throws into the
 * writer: a failure to tell is the implementation's to log and count.
 */
public interface DayChanges {
    DayChanges NONE = new DayChanges() {
        @Override
        public void changed(String tenant, Set<LocalDate> days) {
        }

        @Override
        public void all(String tenant) {
        }
    };

    void changed(String tenant, Set<LocalDate> days);

    void all(String tenant);
}
