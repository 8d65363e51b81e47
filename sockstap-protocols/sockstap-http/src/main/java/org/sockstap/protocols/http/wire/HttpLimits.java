package org.sockstap.protocols.http.wire;

/**
 * Size limits that bound the memory and work spent on one message's syntax. Bodies are streamed
 * and not limited here.
 *
 * @param maxRequestLine the longest request line (or status line), without its CRLF; longer
 *     request lines are answered with 414. Default 8192.
 * @param maxHeaderSection the most bytes of header field lines, counting their line ends and the
 *     empty line that ends the section; more is answered with 431. Default 65536.
 * @param maxHeaderCount the most header fields in one head, and the most trailer fields; more is
 *     answered with 431. Default 100.
 * @param maxChunkLine the longest chunk-size line (size plus extensions, without CRLF); longer is
 *     answered with 400. Default 4096.
 * @param maxTrailerSection the most bytes of a trailer section, counted like {@code
 *     maxHeaderSection}; more is answered with 431. Default 16384.
 */
public record HttpLimits(
    int maxRequestLine,
    int maxHeaderSection,
    int maxHeaderCount,
    int maxChunkLine,
    int maxTrailerSection) {

  private static final HttpLimits DEFAULTS = new HttpLimits(8192, 65536, 100, 4096, 16384);

  /**
   * Checks that every limit is large enough to be meaningful.
   *
   * @param maxRequestLine the longest request or status line, at least 16
   * @param maxHeaderSection the most bytes of a header section, at least 2
   * @param maxHeaderCount the most fields in a head or trailer section, at least 1
   * @param maxChunkLine the longest chunk-size line, at least 1
   * @param maxTrailerSection the most bytes of a trailer section, at least 2
   * @throws IllegalArgumentException naming the first limit that is not
   */
  public HttpLimits {
    positive("maxRequestLine", maxRequestLine, 16);
    positive("maxHeaderSection", maxHeaderSection, 2);
    positive("maxHeaderCount", maxHeaderCount, 1);
    positive("maxChunkLine", maxChunkLine, 1);
    positive("maxTrailerSection", maxTrailerSection, 2);
  }

  /**
   * Returns the defaults: request line 8192, header section 65536, 100 fields, chunk line 4096,
   * trailer section 16384.
   *
   * @return the default limits
   */
  public static HttpLimits defaults() {
    return DEFAULTS;
  }

  private static void positive(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + " or more)");
    }
  }
}
