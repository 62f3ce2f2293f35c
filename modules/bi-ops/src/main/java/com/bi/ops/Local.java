package com.bi.ops;

import java.util.List;
import java.util.Map;

/** Local programs that change something (pg_dump writing files, pg_restore/psql, the Nacos scripts): printed, skipped under --dry-run. */
final class Local {
    private Local() {
    }

    static Proc.Result run(OpsContext ctx, List<String> cmd, Database db, String what) {
        String line = (db == null ? "" : db.prefix()) + Proc.shellQuote(cmd);
        if (ctx.dryRun()) {
            ctx.out().println("DRY-RUN would run: " + line);
            return new Proc.Result(0, "", "");
        }
        ctx.out().println("RUN " + line);
        Proc.Result r = Proc.run(cmd, db == null ? Map.of() : db.env(), null);
        if (!r.ok()) {
            throw OpsException.failed(what + " failed (exit " + r.exit() + "): " + Proc.tail(r.err().isBlank() ? r.out() : r.err()));
        }
        return r;
    }
}
