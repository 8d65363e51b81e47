package org.sockstap.protocols.http.wire;

/** A parsed status line (RFC 9112 §4). */
record StatusLine(HttpVersion version, int status, String reason) {

  static StatusLine parse(byte[] bytes, int length) throws HttpParseException {
    String text = Syntax.latin1(bytes, 0, length);
    if (length < 12 || !text.startsWith("HTTP/") || text.charAt(8) != ' '
        || (length > 12 && text.charAt(12) != ' ')) {
      throw new HttpParseException(502, "status line: " + Syntax.printable(text)
          + " (expected: HTTP-version SP status SP reason)");
    }
    HttpVersion version = HttpVersion.fromText(text.substring(0, 8));
    if (version == null) {
      throw new HttpParseException(502, "HTTP version: " + Syntax.printable(text.substring(0, 8))
          + " (expected: HTTP/1.0 or HTTP/1.1)");
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = text.charAt(i);
      if (!Syntax.isDigit(c)) {
        throw new HttpParseException(502, "status: " + Syntax.printable(text.substring(9, 12))
            + " (expected: three digits)");
      }
      status = status * 10 + (c - '0');
    }
    if (status < 100 || status > 599) {
      throw new HttpParseException(502, "status: " + status + " (expected: 100-599)");
    }
    String reason = length > 12 ? text.substring(13) : "";
    for (int i = 0; i < reason.length(); i++) {
      if (!Syntax.isFieldValueChar(reason.charAt(i))) {
        throw new HttpParseException(
            502, "reason phrase contains " + Syntax.describe(reason.charAt(i)));
      }
    }
    return new StatusLine(version, status, reason);
  }
}
