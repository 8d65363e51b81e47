package org.sockstap.protocols.http;

import java.util.Locale;

/**
 * A URL pattern of {@code deny-url} / {@code permit-url}: {@code *} stands for any run of
 * characters (none included), everything else for itself. It is matched against the whole URL
 * as the access log shows it ({@code http://host:port/path?query}); the {@code http://host:port}
 * part of both is compared without regard to case, the rest exactly.
 *
 * @param text the pattern as configured (after percent-decoding)
 */
record UrlGlob(String text) {

  /**
   * Checks that the pattern can match a logged URL: it starts with {@code http://} or {@code *},
   * and an {@code http://} authority without {@code *} names its port, since the log always
   * shows one (a pattern {@code http://example.com/*} would never match anything).
   */
  UrlGlob {
    String expected = "a URL pattern starting with http:// or *, with the port in the"
        + " authority, such as http://*.example.com:*/admin/*";
    if (!text.startsWith("*") && !text.regionMatches(true, 0, "http://", 0, 7)) {
      throw new IllegalArgumentException(expected);
    }
    if (!text.startsWith("*")) {
      String authority = authority(text);
      int bracket = authority.lastIndexOf(']');
      if (authority.isEmpty()
          || (authority.indexOf('*') < 0 && authority.indexOf(':', bracket + 1) < 0)) {
        throw new IllegalArgumentException(expected);
      }
    }
  }

  /** Returns whether a URL (raw or percent-decoded, as the caller chooses) matches. */
  boolean matches(String url) {
    return matches(lowerAuthority(text), lowerAuthority(url));
  }

  /** The part after {@code scheme://} up to the first {@code /}, or empty without a scheme. */
  private static String authority(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return "";
    }
    int start = scheme + 3;
    int slash = url.indexOf('/', start);
    return url.substring(start, slash < 0 ? url.length() : slash);
  }

  /** Lower-cases {@code scheme://authority} and leaves the path and query as they are. */
  static String lowerAuthority(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0 || url.lastIndexOf('/', scheme) >= 0) {
      return url;
    }
    int slash = url.indexOf('/', scheme + 3);
    int end = slash < 0 ? url.length() : slash;
    return url.substring(0, end).toLowerCase(Locale.ROOT) + url.substring(end);
  }

  /**
   * Wildcard matching without backtracking blow-up: on a mismatch only the latest {@code *} is
   * widened, which is enough when {@code *} is the only wildcard.
   */
  static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
