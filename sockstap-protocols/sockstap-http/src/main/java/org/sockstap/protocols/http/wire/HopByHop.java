package org.sockstap.protocols.http.wire;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Removes the fields that apply to one connection only (RFC 9110 §7.6.1) before a proxy forwards
 * a head, and the fields that must not travel in trailers.
 */
public final class HopByHop {

  /** Always connection-specific: removed whatever Connection says. */
  private static final Set<String> FIXED = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "proxy-authenticate", "proxy-authorization");

  /** Never removed because Connection names them: removing them would change the framing or
   * the target of the message (Connection-header abuse). */
  private static final Set<String> PROTECTED = Set.of("host", "content-length");

  /** Fields that must not be taken from trailers (RFC 9110 §6.5.1): framing, routing, request
   * modifiers, authentication, response control, and content handling. */
  private static final Set<String> NOT_IN_TRAILERS = Set.of(
      "content-length", "transfer-encoding", "trailer", "host", "connection", "keep-alive",
      "proxy-connection", "te", "upgrade", "expect", "max-forwards", "range", "if-match",
      "if-none-match", "if-modified-since", "if-unmodified-since", "if-range", "authorization",
      "proxy-authorization", "www-authenticate", "proxy-authenticate", "cookie", "set-cookie",
      "cache-control", "pragma", "expires", "age", "date", "location", "retry-after", "vary",
      "warning", "content-type", "content-encoding", "content-range", "content-location",
      "content-language");

  private HopByHop() {}

  /**
   * Removes Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade,
   * Proxy-Authenticate, Proxy-Authorization, and every field that a Connection field names —
   * except Host and Content-Length, which a client could otherwise make the proxy drop.
   *
   * <p>Transfer-Encoding goes too: the caller decides the outgoing framing and re-adds it
   * ({@code Transfer-Encoding: chunked} when re-encoding with {@link ChunkedOutputStream}, or
   * Content-Length). Call it after {@link BodyFraming} has read the framing fields, and after
   * looking at Upgrade if the proxy supports upgrades.
   *
   * @param headers the fields to clean, changed in place
   */
  public static void strip(Headers headers) {
    for (String option : connectionOptions(headers)) {
      if (!PROTECTED.contains(option)) {
        headers.remove(option);
      }
    }
    for (String name : FIXED) {
      headers.remove(name);
    }
  }

  /**
   * Returns the field names listed in every Connection field, lower-cased (ASCII only).
   *
   * @param headers the fields
   * @return the listed names, in order, without duplicates or empty elements
   */
  public static Set<String> connectionOptions(Headers headers) {
    Set<String> options = new LinkedHashSet<>();
    for (String value : headers.all("Connection")) {
      for (String element : value.split(",")) {
        String option = Syntax.trimOws(element);
        if (!option.isEmpty()) {
          options.add(Syntax.toLowerAscii(option));
        }
      }
    }
    return options;
  }

  /**
   * Returns whether a field is always connection-specific (the fixed list of {@link #strip}).
   *
   * @param name a field name, any case
   * @return true for the fixed hop-by-hop fields
   */
  public static boolean isHopByHop(String name) {
    return FIXED.contains(Syntax.toLowerAscii(name));
  }

  /**
   * Removes from trailers every field that must not be applied or forwarded as a trailer:
   * framing (Content-Length, Transfer-Encoding, Trailer), routing (Host), connection control,
   * request modifiers (Expect, Range, conditionals), authentication and cookies, caching and
   * response control, and content metadata (Content-Type, Content-Encoding, ...).
   *
   * @param trailers the trailer fields, changed in place
   */
  public static void stripTrailers(Headers trailers) {
    for (HeaderField field : trailers.fields()) {
      if (NOT_IN_TRAILERS.contains(Syntax.toLowerAscii(field.name()))) {
        trailers.remove(field.name());
      }
    }
  }
}
