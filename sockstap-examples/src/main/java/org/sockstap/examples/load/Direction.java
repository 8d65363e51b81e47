package org.sockstap.examples.load;

import java.util.Locale;

/** Which way {@code stream} moves its bytes. */
enum Direction {
  /** From a {@code source} target to the client. */
  DOWN,
  /** From the client to a {@code sink} target, which confirms with {@code OK}. */
  UP,
  /** Both ways at once through an {@code echo} target. */
  BOTH;

  String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
