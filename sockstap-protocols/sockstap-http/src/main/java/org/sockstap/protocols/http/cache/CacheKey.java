package org.sockstap.protocols.http.cache;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.Headers;

/**
 * Builds cache keys: the primary key of a request (RFC 9111 §2) and the secondary key of a
 * variant selected by the response's Vary field (RFC 9111 §4.1).
 *
 * <p>The primary key names the SOCKS destination the client asked for <em>and</em> the Host
 * the request carries, so a response fetched from one destination can never be served to a
 * client that asked for another one while sending the same Host (Squid's CVE-2009-0801 family;
 * SocksTap's test C1). Every part is length-prefixed, so no choice of host, Host field or target
 * can make two different requests produce the same key.
 */
public final class CacheKey {

  private CacheKey() {}

  /**
   * Returns the primary key of a request.
   *
   * <p>The key is {@code METHOD len:destination port len:host len:target}, where the
   * destination is the SOCKS destination host as the client gave it (a name or an address
   * literal, not what it resolved to), ASCII lower-cased; the host is the Host field (or the
   * authority of an absolute-form target, which replaces it), ASCII lower-cased; the target is
   * the request target exactly as received, because paths and queries are case-sensitive. For
   * example {@code GET 11:victim.test 80 11:victim.test 2:/x}.
   *
   * @param destinationHost the SOCKS destination host, as the client asked for it
   * @param destinationPort the SOCKS destination port
   * @param hostHeader the Host field value, or the authority of an absolute-form target; empty
   *     if there was none
   * @param method the request method, case-sensitive
   * @param target the request target as received
   * @return the key
   */
  public static String of(String destinationHost, int destinationPort, String hostHeader,
      String method, String target) {
    Objects.requireNonNull(destinationHost, "destinationHost");
    Objects.requireNonNull(hostHeader, "hostHeader");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    if (destinationPort < 0 || destinationPort > 65535) {
      throw new IllegalArgumentException(
          "destinationPort: " + destinationPort + " (expected: 0-65535)");
    }
    StringBuilder key = new StringBuilder(64 + target.length());
    key.append(method).append(' ');
    appendPart(key, Ascii.lower(destinationHost)).append(' ').append(destinationPort).append(' ');
    appendPart(key, Ascii.lower(hostHeader)).append(' ');
    appendPart(key, target);
    return key.toString();
  }

  /**
   * Returns the secondary key that selects a variant: for every field name the stored
   * response's Vary fields list, the request's values for it, normalised.
   *
   * <p>Names are lower-cased, de-duplicated and sorted. Values are normalised as RFC 9111 §4.1
   * allows: all fields of that name are combined into one list, whitespace around elements is
   * removed and elements are joined with a single comma; the case of values is kept (it can
   * matter). An absent field is distinct from an empty one. A response without Vary gives
   * {@code ""}; {@code Vary: *} gives null, which must never match anything.
   *
   * @param response the stored (or incoming) response's header fields; only Vary is read
   * @param request the request's header fields
   * @return the secondary key, {@code ""} without Vary, or null for {@code Vary: *}
   */
  public static @Nullable String variant(Headers response, Headers request) {
    TreeSet<String> names = new TreeSet<>();
    for (String value : response.all("Vary")) {
      for (String name : Ascii.splitList(value)) {
        if (name.equals("*")) {
          return null;
        }
        names.add(Ascii.lower(name));
      }
    }
    StringBuilder key = new StringBuilder();
    for (String name : names) {
      List<String> values = request.all(name);
      appendPart(key, name);
      if (values.isEmpty()) {
        key.append('!');
      } else {
        StringBuilder combined = new StringBuilder();
        for (String value : values) {
          for (String element : Ascii.splitList(value)) {
            if (combined.length() > 0) {
              combined.append(',');
            }
            combined.append(element);
          }
        }
        key.append('=');
        appendPart(key, combined.toString());
      }
      key.append(';');
    }
    return key.toString();
  }

  /**
   * Returns whether a stored response's Vary fields make it unusable for any request ({@code
   * Vary: *}).
   *
   * @param response the response's header fields
   * @return true if Vary lists {@code *}
   */
  public static boolean varyStar(Headers response) {
    return variant(response, new Headers()) == null;
  }

  private static StringBuilder appendPart(StringBuilder key, String part) {
    return key.append(part.length()).append(':').append(part);
  }
}
