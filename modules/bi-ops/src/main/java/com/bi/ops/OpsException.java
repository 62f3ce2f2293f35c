package com.bi.ops;

/** A failure the operator can act on: the message is printed as the reason, the code is the process exit code. */
public final class OpsException extends RuntimeException {
    /** Wrong usage (unknown subcommand/option, missing argument). */
    public static final int USAGE = 2;
    /** The operation failed or a check did not pass. */
    public static final int FAILED = 1;
    /** The canary was rolled back (the analysis failed): distinct so pipelines can tell "bad build" from "broken tool". */
    public static final int ROLLED_BACK = 3;

    private final int exitCode;

    public OpsException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static OpsException usage(String message) {
        return new OpsException(USAGE, message);
    }

    public static OpsException failed(String message) {
        return new OpsException(FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
