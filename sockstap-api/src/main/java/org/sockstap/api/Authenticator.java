package org.sockstap.api;

import java.net.InetSocketAddress;

/**
 * Checks a SOCKS5 user name and password (RFC 1929).
 *
 * <p>Called on the connection's thread during the SOCKS negotiation, which is bounded by the
 * handshake timeout; it may block (to ask a directory, say). An unknown user and a wrong password
 * must give the same answer, so a client cannot tell which one it got wrong. An exception counts
 * as a failure and is logged without the password.
 *
 * <pre>{@code
 * Authenticator auth = (user, password, client) -> "alice".equals(user) && vault.check(password);
 * }</pre>
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Returns whether the credentials are valid.
   *
   * @param user the user name as sent (UTF-8)
   * @param password the password as sent (UTF-8); never log it
   * @param client the client's address
   * @return true to let the client in
   */
  boolean authenticate(String user, String password, InetSocketAddress client);
}
