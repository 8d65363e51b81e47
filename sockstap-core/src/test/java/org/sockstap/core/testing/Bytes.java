package org.sockstap.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Small byte helpers for wire-level tests. */
public final class Bytes {
  private Bytes() {}

  /**
   * Parses hex with optional spaces, {@code "05 01 00"}.
   *
   * @param hex the hex text
   * @return the bytes
   */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /**
   * Returns US-ASCII bytes.
   *
   * @param text the text
   * @return the bytes
   */
  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Concatenates.
   *
   * @param parts the parts
   * @return all of them
   */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * Reads exactly n bytes.
   *
   * @param in the stream
   * @param n how many
   * @return the bytes
   * @throws IOException on failure or early end of stream
   */
  public static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw new EOFException("expected " + n + " bytes, got " + out.length);
    }
    return out;
  }

  /**
   * Reads until end of stream, at most {@code max} bytes.
   *
   * @param in the stream
   * @param max the cap
   * @return the bytes
   * @throws IOException on failure
   */
  public static byte[] readToEnd(InputStream in, int max) throws IOException {
    return in.readNBytes(max);
  }

  /**
   * Reads one line ending in LF (kept), at most 8 KiB.
   *
   * @param in the stream
   * @return the line, or null at end of stream
   * @throws IOException on failure
   */
  public static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      line.append((char) b);
      if (b == '\n' || line.length() > 8192) {
        return line.toString();
      }
    }
    return line.length() == 0 ? null : line.toString();
  }
}
