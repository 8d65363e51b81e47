package org.sockstap.examples.load;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An RFC 1929 user name and password.
 *
 * @param user 1 to 255 bytes of UTF-8
 * @param password 1 to 255 bytes of UTF-8
 */
record Credentials(String user, String password) {
  Credentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    check("user", user);
    check("password", password);
  }

  private static void check(String what, String value) {
    int length = value.getBytes(StandardCharsets.UTF_8).length;
    if (length < 1 || length > 255) {
      // never echo the value: it may be a password
      throw new IllegalArgumentException(what + ": " + length + " bytes (expected: 1-255)");
    }
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=...]";
  }
}
