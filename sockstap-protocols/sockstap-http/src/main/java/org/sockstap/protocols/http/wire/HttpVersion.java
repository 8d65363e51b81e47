package org.sockstap.protocols.http.wire;

import org.jspecify.annotations.Nullable;

/** The HTTP versions this package reads and writes (RFC 9112 §2.3). */
public enum HttpVersion {
  /** HTTP/1.0: no Host required, no chunked coding, connections close unless kept alive. */
  HTTP_1_0("HTTP/1.0"),
  /** HTTP/1.1. */
  HTTP_1_1("HTTP/1.1");

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /**
   * Returns the version as it appears on the wire.
   *
   * @return {@code "HTTP/1.0"} or {@code "HTTP/1.1"}
   */
  public String text() {
    return text;
  }

  /**
   * Looks a version up by its exact, case-sensitive wire text.
   *
   * @param text for example {@code "HTTP/1.1"}
   * @return the version, or null for any other text
   */
  public static @Nullable HttpVersion fromText(String text) {
    for (HttpVersion version : values()) {
      if (version.text.equals(text)) {
        return version;
      }
    }
    return null;
  }
}
