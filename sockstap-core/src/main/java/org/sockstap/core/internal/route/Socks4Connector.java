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
 * Connects through an upstream SOCKS4 server: SOCKS4 for IPv4 literals, the SOCKS4a extension
 * (DSTIP {@code 0.0.0.1} followed by the name) for names, so names are resolved by the upstream.
 * IPv6 literals cannot be expressed in either and fail before connecting.
 *
 * <p>Reply {@code 0x5A} is success. {@code 0x5B} ("rejected or failed") becomes a general failure:
 * servers send it for a refused or unreachable target as much as for a rule, so "not allowed"
 * would often mislead the client. {@code 0x5C} and {@code 0x5D} (identd failures) are about who
 * the client is, and become {@code NOT_ALLOWED}. The reply's version byte should be 0; 4 is
 * accepted too, as some servers echo the request version.
 *
 * <p>The user id is sent as UTF-8, at most 255 bytes, without NUL.
 */
public final class Socks4Connector extends ProxyConnector {
  private static final int VERSION = 4;
  private static final int GRANTED = 0x5a;

  private final byte[] userId;

  /**
   * Creates the connector.
   *
   * @param proxy the SOCKS4 server; may be unresolved
   * @param userId the user id to send, or null for an empty one
   * @throws IllegalArgumentException when the user id holds NUL or is over 255 bytes
   */
  public Socks4Connector(InetSocketAddress proxy, @Nullable String userId) {
    super("socks4", proxy);
    byte[] bytes = userId == null ? new byte[0] : userId.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) {
      throw new IllegalArgumentException(
          "user id: " + bytes.length + " bytes in UTF-8 (expected: 0-255)");
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new IllegalArgumentException("user id: contains NUL (expected: none)");
      }
    }
    this.userId = bytes;
  }

  @Override
  byte[] request(Endpoint target) throws UpstreamFailure {
    if (target.isIpv6Literal()) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          route() + ": socks4 cannot carry IPv6 address " + Escape.printable(target.toString()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    out.write(VERSION);
    out.write(0x01); // CONNECT
    out.write(target.port() >>> 8);
    out.write(target.port());
    byte[] address = IpLiterals.ipv4(target.host());
    byte @Nullable [] name = null;
    if (address == null) {
      name = HostLiterals.nameBytes(route(), target.host());
      // SOCKS4a: 0.0.0.x with x non-zero says "the name follows the user id"
      address = new byte[] {0, 0, 0, 1};
    }
    out.writeBytes(address);
    out.writeBytes(userId);
    out.write(0);
    if (name != null) {
      out.writeBytes(name);
      out.write(0);
    }
    return out.toByteArray();
  }

  @Override
  void negotiate(Handshake handshake, byte[] request, Endpoint target) throws IOException {
    handshake.send(request);
    int version = handshake.readByte("reply");
    int code = handshake.readByte("reply");
    if (version != 0 && version != VERSION) {
      throw handshake.failure(
          UpstreamFailure.Kind.GENERAL_FAILURE,
          "reply version " + hex(version) + " (expected: 0x00)");
    }
    if (code != GRANTED) {
      throw handshake.failure(
          kindOf(code), "CONNECT " + target + ": reply " + hex(code) + " (" + meaning(code) + ")");
    }
    handshake.readFully(6, "reply"); // DSTPORT and DSTIP, meaningless for CONNECT
  }

  /**
   * Maps a SOCKS4 reply code other than 0x5A.
   *
   * @param code the code
   * @return the kind
   */
  static UpstreamFailure.Kind kindOf(int code) {
    return code == 0x5c || code == 0x5d
        ? UpstreamFailure.Kind.NOT_ALLOWED
        : UpstreamFailure.Kind.GENERAL_FAILURE;
  }

  private static String meaning(int code) {
    return switch (code) {
      case 0x5b -> "request rejected or failed";
      case 0x5c -> "rejected: cannot reach the client's identd";
      case 0x5d -> "rejected: identd reports a different user id";
      default -> "unassigned";
    };
  }

  private static String hex(int value) {
    return String.format(Locale.ROOT, "0x%02x", value);
  }
}
