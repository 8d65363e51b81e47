package org.sockstap.protocols.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request line and its header fields.
 *
 * <p>The constructor checks what could break the request line when it is written: the method
 * must be a token and the target must be printable ASCII without spaces or {@code #} (a fragment
 * is never sent). Which form the target may take for which method, and the Host rules, are
 * checked by {@link HeadReader} when reading, not here. The headers are held by reference, so the
 * record is only as immutable as its {@link Headers}.
 *
 * @param method the method, case-sensitive, for example {@code GET}
 * @param target the request target as received, for example {@code /a?b} or {@code
 *     http://example.com/}
 * @param version the HTTP version
 * @param headers the header fields, in order
 */
public record RequestHead(String method, String target, HttpVersion version, Headers headers) {

  /**
   * Validates the request line.
   *
   * @param method the method, a token
   * @param target the request target
   * @param version the HTTP version
   * @param headers the header fields, held by reference
   * @throws IllegalArgumentException if the method is not a token or the target is empty or
   *     contains a control character, a space, {@code #} or a non-ASCII character
   */
  public RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(headers, "headers");
    if (!Syntax.isToken(method)) {
      throw new IllegalArgumentException(
          "method: " + Syntax.printable(method) + " (expected: a token)");
    }
    String problem = targetProblem(target);
    if (problem != null) {
      throw new IllegalArgumentException(
          "target: " + Syntax.printable(target) + " (expected: " + problem + ")");
    }
  }

  /** Returns why {@code target} cannot be a request target, or null when it can. */
  static @Nullable String targetProblem(String target) {
    if (target.isEmpty()) {
      return "not empty";
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return "printable ASCII without spaces";
      }
      if (c == '#') {
        return "no fragment";
      }
    }
    return null;
  }

  /**
   * Returns the form of the target: authority-form for CONNECT, asterisk-form for {@code *},
   * origin-form when it starts with {@code /}, absolute-form otherwise.
   *
   * @return the target form
   */
  public TargetForm targetForm() {
    if (method.equals("CONNECT")) {
      return TargetForm.AUTHORITY;
    }
    if (target.equals("*")) {
      return TargetForm.ASTERISK;
    }
    return target.startsWith("/") ? TargetForm.ORIGIN : TargetForm.ABSOLUTE;
  }

  /**
   * Returns the authority the target names: the whole target in authority-form, the part after
   * {@code scheme://} up to the path or query in absolute-form (RFC 9112 §3.2.2: it replaces the
   * Host field), null otherwise.
   *
   * @return {@code host[:port]}, or null if the target has no authority
   */
  public @Nullable String targetAuthority() {
    switch (targetForm()) {
      case AUTHORITY:
        return target;
      case ABSOLUTE:
        int colon = target.indexOf(':');
        if (colon < 0 || !target.startsWith("//", colon + 1)) {
          return null;
        }
        int start = colon + 3;
        int end = start;
        while (end < target.length() && target.charAt(end) != '/'
            && target.charAt(end) != '?') {
          end++;
        }
        return target.substring(start, end);
      default:
        return null;
    }
  }

  /**
   * Returns whether the client intends to keep the connection open after this exchange (RFC
   * 9112 §9.3): for HTTP/1.1 unless {@code Connection: close}; for HTTP/1.0 only with {@code
   * Connection: keep-alive}.
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
   * Encodes the head as {@code method SP target SP version CRLF}, each field as {@code name:
   * value CRLF}, and the final CRLF, in ISO-8859-1.
   *
   * @return the bytes of the head
   */
  public byte[] encode() {
    StringBuilder out = new StringBuilder(64 + headers.size() * 32);
    out.append(method).append(' ').append(target).append(' ').append(version.text())
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
