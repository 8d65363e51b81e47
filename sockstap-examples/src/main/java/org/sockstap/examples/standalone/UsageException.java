package org.sockstap.examples.standalone;

/**
 * A command line or config file that cannot be run; its message is the one line shown after
 * {@code sockstap: }, and the exit status is 2.
 */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
