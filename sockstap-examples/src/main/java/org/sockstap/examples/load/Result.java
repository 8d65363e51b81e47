package org.sockstap.examples.load;

import java.util.Locale;

/** Builds the {@code RESULT mode=... key=value ...} line, numbers formatted as the C tool does. */
final class Result {
  private final StringBuilder line = new StringBuilder("RESULT");

  Result(Mode mode) {
    add("mode", mode.cliName());
  }

  Result add(String key, String value) {
    line.append(' ').append(key).append('=').append(value);
    return this;
  }

  Result add(String key, long value) {
    return add(key, Long.toString(value));
  }

  /** A fixed-point number with {@code decimals} places, {@code .} as the separator. */
  Result add(String key, double value, int decimals) {
    return add(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
  }

  @Override
  public String toString() {
    return line.toString();
  }
}
