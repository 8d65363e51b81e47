package org.sockstap.protocols.http.wire;

/** Checks {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2, RFC 9110 §7.2). */
final class HostSyntax {

  private static final String SUB_DELIMS = "!$&'()*+,;=";

  private HostSyntax() {}

  /**
   * Returns whether {@code text} is a host with an optional (or, when {@code portRequired}, a
   * mandatory) port. An empty text is valid only without a required port: RFC 9112 §3.2 allows an
   * empty Host when the target has no authority.
   */
  static boolean isValid(String text, boolean portRequired) {
    if (text.isEmpty()) {
      return !portRequired;
    }
    int hostEnd;
    if (text.charAt(0) == '[') {
      hostEnd = text.indexOf(']');
      if (hostEnd < 0 || !isIpLiteral(text.substring(1, hostEnd))) {
        return false;
      }
      hostEnd++;
    } else {
      int colon = text.indexOf(':');
      hostEnd = colon < 0 ? text.length() : colon;
      if (hostEnd == 0 || !isRegName(text, hostEnd)) {
        return false;
      }
    }
    if (hostEnd == text.length()) {
      return !portRequired;
    }
    if (text.charAt(hostEnd) != ':') {
      return false;
    }
    return isPort(text.substring(hostEnd + 1), portRequired);
  }

  private static boolean isPort(String port, boolean required) {
    if (port.isEmpty()) {
      return !required;
    }
    if (port.length() > 5) {
      return false;
    }
    for (int i = 0; i < port.length(); i++) {
      if (!Syntax.isDigit(port.charAt(i))) {
        return false;
      }
    }
    return Integer.parseInt(port) <= 65535;
  }

  private static boolean isRegName(String text, int end) {
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= end
            || Syntax.hexValue(text.charAt(i + 1)) < 0
            || Syntax.hexValue(text.charAt(i + 2)) < 0) {
          return false;
        }
        i += 2;
      } else if (!isUnreserved(c) && SUB_DELIMS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpLiteral(String inside) {
    if (inside.isEmpty()) {
      return false;
    }
    char first = inside.charAt(0);
    if (first == 'v' || first == 'V') {
      int dot = inside.indexOf('.');
      if (dot < 2 || dot == inside.length() - 1) {
        return false;
      }
      for (int i = 1; i < dot; i++) {
        if (Syntax.hexValue(inside.charAt(i)) < 0) {
          return false;
        }
      }
      for (int i = dot + 1; i < inside.length(); i++) {
        char c = inside.charAt(i);
        if (!isUnreserved(c) && SUB_DELIMS.indexOf(c) < 0 && c != ':') {
          return false;
        }
      }
      return true;
    }
    boolean colon = false;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c == ':') {
        colon = true;
      } else if (c != '.' && Syntax.hexValue(c) < 0) {
        return false;
      }
    }
    return colon;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Syntax.isDigit(c)
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
