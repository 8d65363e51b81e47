package org.sockstap.core.internal.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.sockstap.core.internal.IpLiterals;
import org.sockstap.api.Endpoint;

/**
 * Connects through an upstream SOCKS5 server (RFC 1928), with username/password authentication
 * (RFC 1929) when credentials are given.
 *
 * <p>The greeting offers "no authentication", and also "username/password" when credentials are
 * given. Targets are sent as the client named them: IP literals as addresses (ATYP 1 or 4), names
 * unresolved (ATYP 3), so the upstream resolves them. The reply is read to its last byte and no
 * further, whatever the bound address type. Reply codes map to {@link UpstreamFailure.Kind}s of the
 * same meaning; 7, 8 and unassigned codes are general failures.
 *
 * <p>User and password are sent as UTF-8 (RFC 1929 names no charset; UTF-8 keeps a percent-encoded
 * URI's bytes as they were). The user must be 1 to 255 bytes, the password 0 to 255 (RFC 1929 asks
 * for at least 1, but empty passwords are used in practice). Credentials never appear in {@link
 * #describe()}, {@link #toString()} or messages.
 */
public final class Socks5Connector extends ProxyConnector {
  private static final int VERSION = 5;
  private static final int NO_AUTH = 0x00;
  private static final int USER_PASSWORD = 0x02;
  private static final int NO_ACCEPTABLE = 0xff;
  private static final int AUTH_VERSION = 1;

  private final byte @Nullable [] user;
  private final byte @Nullable [] password;

  /**
   * Creates the connector.
   *
   * @param proxy the SOCKS5 server; may be unresolved
   * @param user the user, or null for no authentication
   * @param password the password, or null (read as empty when a user is given)
   * @throws IllegalArgumentException when a password comes without a user, or a field is too long
   */
  public Socks5Connector(
      InetSocketAddress proxy, @Nullable String user, @Nullable String password) {
    super("socks5", proxy);
    if (user == null) {
      if (password != null) {
        throw new IllegalArgumentException("password: given without a user (expected: both)");
      }
      this.user = null;
      this.password = null;
    } else {
      this.user = field("user", user, 1);
      this.password = field("password", password == null ? "" : password, 0);
    }
  }

  private static byte[] field(String name, String value, int min) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < min || bytes.length > 255) {
      throw new IllegalArgumentException(
          name + ": " + bytes.length + " bytes in UTF-8 (expected: " + min + "-255)");
    }
    return bytes;
  }

  @Override
  byte[] request(Endpoint target) throws UpstreamFailure {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    out.write(VERSION);
    out.write(0x01); // CONNECT
    out.write(0x00);
    String host = target.host();
    if (target.isIpv6Literal()) {
      byte[] address = IpLiterals.ipv6(host);
      if (address == null) {
        throw new UpstreamFailure(
            UpstreamFailure.Kind.GENERAL_FAILURE,
            route()
                + ": host: "
                + Escape.printable(host)
                + " (expected: an IPv6 literal without zone id)");
      }
      out.write(0x04);
      out.writeBytes(address);
    } else {
      byte[] address = IpLiterals.ipv4(host);
      if (address != null) {
        out.write(0x01);
        out.writeBytes(address);
      } else {
        byte[] name = HostLiterals.nameBytes(route(), host);
        out.write(0x03);
        out.write(name.length);
        out.writeBytes(name);
      }
    }
    out.write(target.port() >>> 8);
    out.write(target.port());
    return out.toByteArray();
  }

  @Override
  void negotiate(Handshake handshake, byte[] request, Endpoint target) throws IOException {
    byte[] user = this.user;
    byte[] password = this.password;
    handshake.send(
        user == null
            ? new byte[] {VERSION, 1, NO_AUTH}
            : new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD});
    int version = handshake.readByte("method selection");
    int method = handshake.readByte("method selection");
    if (version != VERSION) {
      throw handshake.failure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          "method selection version " + hex(version) + " (expected: 0x05)");
    }
    if (method == USER_PASSWORD && user != null && password != null) {
      authenticate(handshake, user, password);
    } else if (method == NO_ACCEPTABLE) {
      throw handshake.failure(
          UpstreamFailure.Kind.NOT_ALLOWED,
          user == null
              ? "the proxy requires authentication, and no credentials are configured"
              : "the proxy accepts neither no-auth nor username/password");
    } else if (method != NO_AUTH) {
      throw handshake.failure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          "selected method "
              + hex(method)
              + (user == null ? " (expected: 0x00)" : " (expected: 0x00 or 0x02)"));
    }

    handshake.send(request);
    version = handshake.readByte("reply");
    int reply = handshake.readByte("reply");
    if (version != VERSION) {
      throw handshake.failure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          "reply version " + hex(version) + " (expected: 0x05)");
    }
    if (reply != 0) {
      // the rest of a failure reply is of no use, and some servers do not send it
      throw handshake.failure(
          kindOf(reply), "CONNECT " + target + ": reply " + reply + " (" + meaning(reply) + ")");
    }
    handshake.readByte("reply"); // RSV: any value is tolerated
    int addressType = handshake.readByte("reply");
    int addressLength =
        switch (addressType) {
          case 0x01 -> 4;
          case 0x04 -> 16;
          case 0x03 -> handshake.readByte("reply");
          default ->
              throw handshake.failure(
                  UpstreamFailure.Kind.GENERAL_FAILURE,
                  "reply address type " + hex(addressType) + " (expected: 0x01, 0x03 or 0x04)");
        };
    handshake.readFully(addressLength + 2, "reply");
  }

  private static void authenticate(Handshake handshake, byte[] user, byte[] password)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(3 + user.length + password.length);
    out.write(AUTH_VERSION);
    out.write(user.length);
    out.writeBytes(user);
    out.write(password.length);
    out.writeBytes(password);
    handshake.send(out.toByteArray());
    int version = handshake.readByte("authentication reply");
    int status = handshake.readByte("authentication reply");
    if (version != AUTH_VERSION) {
      throw handshake.failure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          "authentication reply version " + hex(version) + " (expected: 0x01)");
    }
    if (status != 0) {
      throw handshake.failure(
          UpstreamFailure.Kind.NOT_ALLOWED,
          "the proxy rejected the username/password (status " + hex(status) + ")");
    }
  }

  /**
   * Maps a SOCKS5 reply code to the failure kind of the same meaning.
   *
   * @param reply the code, 1 to 255
   * @return the kind
   */
  static UpstreamFailure.Kind kindOf(int reply) {
    return switch (reply) {
      case 2 -> UpstreamFailure.Kind.NOT_ALLOWED;
      case 3 -> UpstreamFailure.Kind.NETWORK_UNREACHABLE;
      case 4 -> UpstreamFailure.Kind.HOST_UNREACHABLE;
      case 5 -> UpstreamFailure.Kind.CONNECTION_REFUSED;
      case 6 -> UpstreamFailure.Kind.TTL_EXPIRED;
      default -> UpstreamFailure.Kind.GENERAL_FAILURE;
    };
  }

  private static String meaning(int reply) {
    return switch (reply) {
      case 1 -> "general SOCKS server failure";
      case 2 -> "connection not allowed by ruleset";
      case 3 -> "network unreachable";
      case 4 -> "host unreachable";
      case 5 -> "connection refused";
      case 6 -> "TTL expired";
      case 7 -> "command not supported";
      case 8 -> "address type not supported";
      default -> "unassigned";
    };
  }

  private static String hex(int value) {
    return String.format(Locale.ROOT, "0x%02x", value);
  }
}
