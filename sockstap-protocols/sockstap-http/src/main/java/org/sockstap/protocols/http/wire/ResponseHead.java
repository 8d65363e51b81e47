package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A status line and its header fields.
 *
 * <p>The headers are held by reference, so the record is only as immutable as its {@link
 * Headers}.
 *
 * @param version the HTTP version
 * @param status the status code, 100 to 599
 * @param reason the reason phrase, possibly empty; clients ignore it
 * @param headers the header fields, in order
 */
public record ResponseHead(HttpVersion version, int status, String reason, Headers headers) {

  /**
   * Validates the status line.
   *
   * @param version the HTTP version
   * @param status the status code, 100 to 599
   * @param reason the reason phrase, possibly empty
   * @param headers the header fields, held by reference
   * @throws IllegalArgumentException if the status is outside 100 to 599 or the reason contains
   *     a control character other than HTAB or a character above U+00FF
   */
  public ResponseHead {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(headers, "headers");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 100-599)");
    }
    for (int i = 0; i < reason.length(); i++) {
      if (!Syntax.isFieldValueChar(reason.charAt(i))) {
        throw new IllegalArgumentException("reason contains " + Syntax.describe(reason.charAt(i))
            + " (expected: HTAB, SP, VCHAR or obs-text)");
      }
    }
  }

  /**
   * Returns whether this is an interim (1xx) response, which a final response follows.
   *
   * @return true for 100 to 199
   */
  public boolean isInformational() {
    return status < 200;
  }

  /**
   * Returns whether the server intends to keep the connection open after this response (RFC
   * 9112 §9.3): for HTTP/1.1 unless {@code Connection: close}; for HTTP/1.0 only with {@code
   * Connection: keep-alive}. Framing can still force a close (see {@link BodyFraming}).
   *
   * @return true for a persistent connection
   */
  public boolean isPersistent() {
    if (headers.containsToken("Connection", "close")) {
      return false;
    }
    return version == HttpVersion.HTTP_1_1 || headers.containsToken("Connection", "keep-alive");
  }

  /**
   * Encodes the head as {@code version SP status SP reason CRLF} (the space is written even
   * when the reason is empty), each field as {@code name: value CRLF}, and the final CRLF, in
   * ISO-8859-1.
   *
   * @return the bytes of the head
   */
  public byte[] encode() {
    StringBuilder out = new StringBuilder(64 + headers.size() * 32);
    out.append(version.text()).append(' ').append(status).append(' ').append(reason)
        .append("\r\n");
    headers.writeTo(out);
    out.append("\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes {@link #encode()} in one write.
   *
   * @param out where to write; not flushed or closed
   * @throws IOException if writing fails
   */
  public void writeTo(OutputStream out) throws IOException {
    out.write(encode());
  }
}
