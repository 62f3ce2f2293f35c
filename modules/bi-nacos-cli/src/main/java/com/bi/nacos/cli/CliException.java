package com.bi.nacos.cli;

/** A failure the CLI reports as one line and exit code 2. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
