package org.sockstap.core.internal.socks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Authenticator;
import org.sockstap.api.Endpoint;
import org.sockstap.core.internal.LogText;

/**
 * Runs the server side of the SOCKS negotiation up to and including the request: version choice
 * by the first byte, SOCKS5 method selection and RFC 1929 authentication, then the request.
 *
 * <p>Every failure is answered in the client's version where the protocol has an answer (0xFF
 * for no acceptable method, an RFC 1929 failure status, reply 0x07 or 0x08, SOCKS4 0x5B) and then
 * reported as a {@link HandshakeFailure}; nothing is dialed before a request has been fully read
 * and accepted. Field sizes are bounded: SOCKS4 user ids and 4a host names stop at 255 bytes.
 */
public final class SocksNegotiator {
  private static final int METHOD_NO_AUTH = 0x00;
  private static final int METHOD_USER_PASSWORD = 0x02;
  private static final int NO_ACCEPTABLE_METHOD = 0xff;
  private static final int MAX_FIELD = 255;

  private final SocksSettings settings;

  /**
   * Creates a negotiator.
   *
   * @param settings what to accept
   */
  public SocksNegotiator(SocksSettings settings) {
    this.settings = settings;
  }

  /**
   * Negotiates with one client.
   *
   * @param in the client's stream, bounded by the handshake deadline
   * @param out the client's output stream
   * @param client the client's address, for the authenticator
   * @return the request to carry out
   * @throws HandshakeFailure when the negotiation failed and the connection is to be closed
   * @throws IOException when the client disconnected or timed out
   */
  public SocksRequest negotiate(InputStream in, OutputStream out, InetSocketAddress client)
      throws IOException {
    HandshakeReader reader = new HandshakeReader(in);
    int version = reader.readUnsignedByte();
    if (version == 5) {
      return socks5(reader, out, client);
    }
    if (version == 4) {
      return socks4(reader, out);
    }
    throw new HandshakeFailure(
        "version: " + version + " (expected: 4 or 5); not a SOCKS client", false);
  }

  private SocksRequest socks5(HandshakeReader reader, OutputStream out, InetSocketAddress client)
      throws IOException {
    int methodCount = reader.readUnsignedByte();
    byte[] methods = reader.readBytes(methodCount);
    if (!settings.socks5()) {
      out.write(new byte[] {5, (byte) NO_ACCEPTABLE_METHOD});
      throw new HandshakeFailure("SOCKS5 is disabled", false);
    }
    int wanted = settings.authenticator() != null ? METHOD_USER_PASSWORD : METHOD_NO_AUTH;
    if (!contains(methods, wanted)) {
      out.write(new byte[] {5, (byte) NO_ACCEPTABLE_METHOD});
      throw new HandshakeFailure(
          (wanted == METHOD_USER_PASSWORD
                  ? "client offers no username/password method, which is required"
                  : "client offers no method that needs no authentication")
              + " (methods offered: " + methodList(methods) + ")",
          wanted == METHOD_USER_PASSWORD);
    }
    out.write(new byte[] {5, (byte) wanted});
    out.flush();
    String user = wanted == METHOD_USER_PASSWORD ? authenticate(reader, out, client) : null;
    return socks5Request(reader, out, user);
  }

  private String authenticate(HandshakeReader reader, OutputStream out, InetSocketAddress client)
      throws IOException {
    int subVersion = reader.readUnsignedByte();
    if (subVersion != 1) {
      out.write(new byte[] {1, 1});
      throw new HandshakeFailure(
          "username/password version: " + subVersion + " (expected: 1)", true);
    }
    byte[] userBytes = reader.readBytes(reader.readUnsignedByte());
    byte[] passwordBytes = reader.readBytes(reader.readUnsignedByte());
    String user = new String(userBytes, StandardCharsets.UTF_8);
    boolean ok = false;
    if (userBytes.length > 0 && passwordBytes.length > 0) {
      try {
        Authenticator check = settings.authenticator();
        ok = check != null
            && check.authenticate(user, new String(passwordBytes, StandardCharsets.UTF_8), client);
      } catch (RuntimeException e) {
        throw failedAuth(out, "authenticator threw " + e.getClass().getName() + " for user "
            + LogText.escape(user));
      }
    }
    java.util.Arrays.fill(passwordBytes, (byte) 0);
    if (!ok) {
      throw failedAuth(out, "authentication failed for user " + LogText.escape(user));
    }
    out.write(new byte[] {1, 0});
    out.flush();
    return user;
  }

  private static HandshakeFailure failedAuth(OutputStream out, String message)
      throws IOException {
    out.write(new byte[] {1, 1});
    out.flush();
    return new HandshakeFailure(message, true);
  }

  private static SocksRequest socks5Request(
      HandshakeReader reader, OutputStream out, @Nullable String user) throws IOException {
    int version = reader.readUnsignedByte();
    if (version != 5) {
      SocksReplies.write(out, 5, Reply.GENERAL_FAILURE, null);
      throw new HandshakeFailure("request version: " + version + " (expected: 5)", false);
    }
    int commandCode = reader.readUnsignedByte();
    reader.readUnsignedByte(); // RSV
    int addressType = reader.readUnsignedByte();
    SocksCommand command = SocksCommand.of(5, commandCode);
    if (command == SocksCommand.UNKNOWN) {
      SocksReplies.write(out, 5, Reply.COMMAND_NOT_SUPPORTED, null);
      throw new HandshakeFailure("command: " + commandCode + " (expected: 1, 2 or 3)", false);
    }
    String host;
    boolean nameGiven = false;
    switch (addressType) {
      case 1:
        host = InetAddress.getByAddress(reader.readBytes(4)).getHostAddress();
        break;
      case 4:
        host = InetAddress.getByAddress(reader.readBytes(16)).getHostAddress();
        break;
      case 3:
        host = hostName(reader.readBytes(reader.readUnsignedByte()), out, 5);
        nameGiven = true;
        break;
      default:
        SocksReplies.write(out, 5, Reply.ADDRESS_TYPE_NOT_SUPPORTED, null);
        throw new HandshakeFailure(
            "address type: " + addressType + " (expected: 1, 3 or 4)", false);
    }
    int port = reader.readUnsignedShort();
    return new SocksRequest(
        5, command, new Endpoint(host, port), nameGiven, user, reader.takeLeftover());
  }

  private SocksRequest socks4(HandshakeReader reader, OutputStream out) throws IOException {
    int commandCode = reader.readUnsignedByte();
    int port = reader.readUnsignedShort();
    byte[] ip = reader.readBytes(4);
    if (!settings.socks4()) {
      SocksReplies.write(out, 4, Reply.NOT_ALLOWED, null);
      throw new HandshakeFailure(
          settings.authenticator() != null
              ? "SOCKS4 refused: authentication is required and SOCKS4 cannot carry a password"
              : "SOCKS4 is disabled",
          false);
    }
    byte[] userId = reader.readNulTerminated(MAX_FIELD);
    if (userId == null) {
      SocksReplies.write(out, 4, Reply.GENERAL_FAILURE, null);
      throw new HandshakeFailure("SOCKS4 user id longer than " + MAX_FIELD + " bytes", false);
    }
    SocksCommand command = SocksCommand.of(4, commandCode);
    if (command == SocksCommand.UNKNOWN) {
      SocksReplies.write(out, 4, Reply.COMMAND_NOT_SUPPORTED, null);
      throw new HandshakeFailure("command: " + commandCode + " (expected: 1 or 2)", false);
    }
    String host;
    boolean socks4a = ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0;
    if (socks4a) {
      byte[] name = reader.readNulTerminated(MAX_FIELD);
      if (name == null) {
        SocksReplies.write(out, 4, Reply.GENERAL_FAILURE, null);
        throw new HandshakeFailure("SOCKS4a host name longer than " + MAX_FIELD + " bytes", false);
      }
      host = hostName(name, out, 4);
    } else if (ip[0] == 0 && ip[1] == 0 && ip[2] == 0) {
      SocksReplies.write(out, 4, Reply.GENERAL_FAILURE, null);
      throw new HandshakeFailure("destination: 0.0.0.0 (expected: an address)", false);
    } else {
      host = InetAddress.getByAddress(ip).getHostAddress();
    }
    String user = userId.length == 0 ? null : new String(userId, StandardCharsets.UTF_8);
    return new SocksRequest(
        4, command, new Endpoint(host, port), socks4a, user, reader.takeLeftover());
  }

  /** Accepts printable ASCII names only: anything else cannot be a host and may poison logs. */
  private static String hostName(byte[] raw, OutputStream out, int version) throws IOException {
    String name = new String(raw, StandardCharsets.ISO_8859_1);
    boolean valid = raw.length > 0;
    for (byte b : raw) {
      if (b <= 0x20 || b >= 0x7f) {
        valid = false;
        break;
      }
    }
    if (!valid) {
      SocksReplies.write(out, version, Reply.HOST_UNREACHABLE, null);
      throw new HandshakeFailure(
          "host name: \"" + LogText.escape(name) + "\" (expected: 1-255 printable ASCII bytes)",
          false);
    }
    return name;
  }

  private static boolean contains(byte[] methods, int method) {
    for (byte m : methods) {
      if ((m & 0xff) == method) {
        return true;
      }
    }
    return false;
  }

  private static String methodList(byte[] methods) {
    StringBuilder list = new StringBuilder();
    for (byte m : methods) {
      list.append(list.length() == 0 ? "" : ",").append(String.format("0x%02x", m & 0xff));
    }
    return list.length() == 0 ? "none" : list.toString();
  }
}
