package org.sockstap.examples.load;

import java.util.Objects;

/**
 * Opening a tunnel failed at one stage. Expected under load and counted, never shown, so it
 * carries no stack trace.
 */
final class StageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Failure failure;

  StageException(Failure failure) {
    super(failure.cliName(), null, false, false);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  Failure failure() {
    return failure;
  }
}
