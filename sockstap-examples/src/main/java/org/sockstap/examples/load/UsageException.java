package org.sockstap.examples.load;

/**
 * A command line that cannot be run; its message is the one line shown after
 * {@code socksload: }, and the exit status is 2.
 */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
