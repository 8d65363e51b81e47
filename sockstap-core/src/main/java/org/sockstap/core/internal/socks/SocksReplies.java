package org.sockstap.core.internal.socks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** Writes SOCKS replies in one write each, so a reply is never split across segments. */
public final class SocksReplies {
  private SocksReplies() {}

  /**
   * Writes a reply.
   *
   * @param out the client's stream
   * @param version 4 or 5
   * @param reply the code
   * @param bound the address to report (BND.ADDR / BND.PORT), or null for all zeros
   * @throws IOException when the client is gone
   */
  public static void write(
      OutputStream out, int version, Reply reply, @Nullable InetSocketAddress bound)
      throws IOException {
    out.write(version == 5 ? socks5(reply, bound) : socks4(reply, bound));
    out.flush();
  }

  static byte[] socks5(Reply reply, @Nullable InetSocketAddress bound) {
    InetAddress address = bound == null ? null : bound.getAddress();
    byte[] raw = address == null ? new byte[4] : address.getAddress();
    int port = bound == null ? 0 : bound.getPort();
    byte[] out = new byte[6 + raw.length];
    out[0] = 5;
    out[1] = (byte) reply.code(5);
    out[2] = 0;
    out[3] = (byte) (raw.length == 4 ? 1 : 4);
    System.arraycopy(raw, 0, out, 4, raw.length);
    out[4 + raw.length] = (byte) (port >> 8);
    out[5 + raw.length] = (byte) port;
    return out;
  }

  static byte[] socks4(Reply reply, @Nullable InetSocketAddress bound) {
    byte[] out = new byte[8];
    out[1] = (byte) reply.code(4);
    if (bound != null && bound.getAddress() instanceof Inet4Address) {
      out[2] = (byte) (bound.getPort() >> 8);
      out[3] = (byte) bound.getPort();
      System.arraycopy(bound.getAddress().getAddress(), 0, out, 4, 4);
    }
    return out;
  }
}
