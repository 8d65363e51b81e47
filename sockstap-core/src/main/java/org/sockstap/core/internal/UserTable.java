package org.sockstap.core.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sockstap.api.Authenticator;

/**
 * The builder's fixed table of users. Passwords are compared in constant time, and an unknown
 * user is compared against a dummy password, so timing tells an attacker neither which users
 * exist nor how much of a password was right.
 */
public final class UserTable implements Authenticator {
  private static final byte[] DUMMY = new byte[32];
  private final Map<String, byte[]> passwords;

  /**
   * Creates the table.
   *
   * @param passwords user name to UTF-8 password
   */
  public UserTable(Map<String, byte[]> passwords) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    passwords.forEach((user, password) -> copy.put(user, password.clone()));
    this.passwords = Map.copyOf(copy);
  }

  @Override
  public boolean authenticate(String user, String password, InetSocketAddress client) {
    byte[] expected = passwords.get(user);
    byte[] given = password.getBytes(StandardCharsets.UTF_8);
    boolean match = MessageDigest.isEqual(expected == null ? DUMMY : expected, given);
    return expected != null && match;
  }
}
