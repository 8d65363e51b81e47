package org.sockstap.protocols.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * ClientHellos for tests: real ones from the JDK's own TLS client, the same re-framed into
 * several records, and crafted ones with chosen extensions for hostile cases.
 */
final class Hellos {
  private Hellos() {}

  /**
   * Returns the first flight of the JDK's TLS client: one record with a ClientHello.
   *
   * @param serverName the SNI to send, or null for none
   * @param alpn the ALPN protocols to offer
   */
  static byte[] jdk(String serverName, String... alpn) {
    try {
      SSLEngine engine = SSLContext.getDefault().createSSLEngine("www.example.com", 443);
      engine.setUseClientMode(true);
      SSLParameters params = engine.getSSLParameters();
      params.setServerNames(serverName == null ? List.<SNIServerName>of()
          : List.of(new SNIHostName(serverName)));
      params.setApplicationProtocols(alpn);
      engine.setSSLParameters(params);
      ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
      if (result.getStatus() != SSLEngineResult.Status.OK) {
        throw new IllegalStateException("wrap: " + result);
      }
      out.flip();
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (NoSuchAlgorithmException | SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the handshake message (type, length, body) carried by a hello's records. */
  static byte[] handshake(byte[] records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < records.length) {
      int length = (records[at + 3] & 0xff) << 8 | records[at + 4] & 0xff;
      out.write(records, at + 5, length);
      at += 5 + length;
    }
    return out.toByteArray();
  }

  /**
   * Carries a handshake message in records, cut where asked.
   *
   * @param version the record version, for example 0x0301
   * @param message the handshake message
   * @param cuts ascending offsets into the message where a new record starts
   */
  static byte[] frame(int version, byte[] message, int... cuts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : message.length;
      out.write(22);
      out.write(version >> 8);
      out.write(version);
      out.write((to - from) >> 8);
      out.write(to - from);
      out.write(message, from, to - from);
      from = to;
    }
    return out.toByteArray();
  }

  /** Re-frames a hello's handshake message into records cut at the given message offsets. */
  static byte[] reframe(byte[] hello, int... cuts) {
    int version = (hello[1] & 0xff) << 8 | hello[2] & 0xff;
    return frame(version, handshake(hello), cuts);
  }

  /** Re-frames a hello's handshake message into records of {@code size} bytes each. */
  static byte[] reframeEvery(byte[] hello, int size) {
    int length = handshake(hello).length;
    int[] cuts = new int[(length - 1) / size];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (i + 1) * size;
    }
    return reframe(hello, cuts);
  }

  /** A ClientHello body up to (not including) the extensions. */
  static byte[] bodyStart(int legacyVersion) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(legacyVersion >> 8);
    out.write(legacyVersion);
    out.writeBytes(new byte[32]); // random
    out.write(0); // no session id
    out.writeBytes(new byte[] {0, 4, 0x13, 0x01, 0x00, 0x2f}); // two cipher suites
    out.writeBytes(new byte[] {1, 0}); // null compression
    return out.toByteArray();
  }

  /** A one-record TLS 1.2-style ClientHello with the given extensions. */
  static byte[] crafted(byte[]... extensions) {
    return record(0x0301, message(withExtensions(bodyStart(0x0303), extensions)));
  }

  static byte[] withExtensions(byte[] start, byte[]... extensions) {
    byte[] all = concat(extensions);
    return concat(start, u16(all.length), all);
  }

  /** A handshake message of type ClientHello around a body. */
  static byte[] message(byte[] body) {
    return concat(new byte[] {1, (byte) (body.length >> 16), (byte) (body.length >> 8),
        (byte) body.length}, body);
  }

  static byte[] record(int version, byte[] message) {
    return frame(version, message);
  }

  static byte[] extension(int type, byte[] data) {
    return concat(u16(type), u16(data.length), data);
  }

  /** A server_name extension with one host_name entry of raw bytes. */
  static byte[] sni(byte[] name) {
    byte[] entry = concat(new byte[] {0}, u16(name.length), name);
    return extension(0, concat(u16(entry.length), entry));
  }

  static byte[] sni(String name) {
    return sni(name.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** An ALPN extension with raw protocol names. */
  static byte[] alpn(byte[]... names) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (byte[] name : names) {
      list.write(name.length);
      list.writeBytes(name);
    }
    byte[] bytes = list.toByteArray();
    return extension(16, concat(u16(bytes.length), bytes));
  }

  static byte[] alpn(String... names) {
    byte[][] raw = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      raw[i] = names[i].getBytes(StandardCharsets.ISO_8859_1);
    }
    return alpn(raw);
  }

  static byte[] supportedVersions(int... versions) {
    byte[] list = new byte[1 + 2 * versions.length];
    list[0] = (byte) (2 * versions.length);
    for (int i = 0; i < versions.length; i++) {
      list[1 + 2 * i] = (byte) (versions[i] >> 8);
      list[2 + 2 * i] = (byte) versions[i];
    }
    return extension(43, list);
  }

  static byte[] u16(int value) {
    return new byte[] {(byte) (value >> 8), (byte) value};
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Returns a copy with one byte replaced. */
  static byte[] with(byte[] bytes, int index, int value) {
    byte[] copy = Arrays.copyOf(bytes, bytes.length);
    copy[index] = (byte) value;
    return copy;
  }

  /** Returns the bytes as ISO-8859-1 text, as {@code Splits} takes them. */
  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
