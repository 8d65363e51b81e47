package org.sockstap.protocols.http.wire;

/** A parsed request line (RFC 9112 §3). */
record RequestLine(String method, String target, HttpVersion version) {

  private static final String FORMS =
      "/path, an absolute URI, host:port for CONNECT or * for OPTIONS";

  static RequestLine parse(byte[] bytes, int length) throws HttpParseException {
    String text = Syntax.latin1(bytes, 0, length);
    int sp1 = text.indexOf(' ');
    if (sp1 < 0) {
      throw new HttpParseException(
          400, "request line without a target: " + Syntax.printable(text));
    }
    if (sp1 == 0) {
      throw new HttpParseException(400, "request line starts with a space");
    }
    for (int i = 0; i < sp1; i++) {
      if (!Syntax.isTchar(text.charAt(i))) {
        throw new HttpParseException(400, "method contains " + Syntax.describe(text.charAt(i)));
      }
    }
    String method = text.substring(0, sp1);
    int sp2 = text.indexOf(' ', sp1 + 1);
    if (sp2 < 0) {
      throw new HttpParseException(400, "request line without an HTTP version (HTTP/0.9 is not"
          + " supported): " + Syntax.printable(text));
    }
    if (sp2 == sp1 + 1) {
      throw new HttpParseException(400, "empty request target (two spaces after the method)");
    }
    if (text.indexOf(' ', sp2 + 1) >= 0) {
      throw new HttpParseException(
          400, "request line has more than three parts: " + Syntax.printable(text));
    }
    HttpVersion version = version(text.substring(sp2 + 1));
    String target = text.substring(sp1 + 1, sp2);
    checkTarget(method, target);
    return new RequestLine(method, target, version);
  }

  private static HttpVersion version(String text) throws HttpParseException {
    HttpVersion version = HttpVersion.fromText(text);
    if (version != null) {
      return version;
    }
    boolean wellFormed = text.length() == 8 && text.startsWith("HTTP/")
        && Syntax.isDigit(text.charAt(5)) && text.charAt(6) == '.'
        && Syntax.isDigit(text.charAt(7));
    throw new HttpParseException(wellFormed ? 505 : 400, "HTTP version: "
        + Syntax.printable(text) + " (expected: HTTP/1.0 or HTTP/1.1)");
  }

  private static void checkTarget(String method, String target) throws HttpParseException {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '#') {
        throw new HttpParseException(400, "request target contains a fragment: "
            + Syntax.printable(target) + " (expected: no '#')");
      }
      if (c <= 0x20 || c >= 0x7F) {
        throw new HttpParseException(400, "request target contains " + Syntax.describe(c)
            + " (expected: printable ASCII, percent-encoded)");
      }
    }
    if (method.equals("CONNECT")) {
      if (!HostSyntax.isValid(target, true)) {
        throw new HttpParseException(400,
            "CONNECT target: " + Syntax.printable(target) + " (expected: host:port)");
      }
      return;
    }
    char first = target.charAt(0);
    if (first == '/') {
      return;
    }
    if (target.equals("*")) {
      if (!method.equals("OPTIONS")) {
        throw new HttpParseException(400, "request target * with " + method
            + " (expected: only with OPTIONS)");
      }
      return;
    }
    int colon = target.indexOf(':');
    if (colon < 1 || !isScheme(target, colon)) {
      throw new HttpParseException(400, "request target: " + Syntax.printable(target)
          + " (expected: " + FORMS + ")");
    }
    String scheme = target.substring(0, colon);
    if (Syntax.equalsIgnoreAsciiCase(scheme, "http")
        || Syntax.equalsIgnoreAsciiCase(scheme, "https")) {
      checkHttpAuthority(target, colon);
    }
  }

  /** RFC 9110 §4.2: an http(s) URI has a non-empty host; userinfo is an error (§4.2.4). */
  private static void checkHttpAuthority(String target, int colon) throws HttpParseException {
    if (!target.startsWith("//", colon + 1)) {
      throw new HttpParseException(400, "request target: " + Syntax.printable(target)
          + " (expected: scheme://host[:port]/path)");
    }
    int start = colon + 3;
    int end = start;
    while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
      end++;
    }
    String authority = target.substring(start, end);
    if (authority.indexOf('@') >= 0) {
      // never echoed: the userinfo may hold a password, and the message reaches logs and pages
      throw new HttpParseException(400,
          "request target has userinfo (expected: no user@ before the host)");
    }
    if (authority.isEmpty() || authority.charAt(0) == ':'
        || !HostSyntax.isValid(authority, false)) {
      throw new HttpParseException(400, "request target authority: "
          + Syntax.printable(authority) + " (expected: host[:port])");
    }
  }

  private static boolean isScheme(String target, int end) {
    for (int i = 0; i < end; i++) {
      char c = target.charAt(i);
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alpha && (i == 0 || !(Syntax.isDigit(c) || c == '+' || c == '-' || c == '.'))) {
        return false;
      }
    }
    return true;
  }
}
