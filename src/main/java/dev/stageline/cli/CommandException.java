package dev.stageline.cli;

/** A command could not do its work; the message says what to do about it. */
final class CommandException extends RuntimeException {

    CommandException(String message) {
        super(message);
    }

    CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
