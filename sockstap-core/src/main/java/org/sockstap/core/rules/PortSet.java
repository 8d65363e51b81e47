package org.sockstap.core.rules;

import java.util.List;

/** The ports a host list element allows: single ports and inclusive ranges. */
final class PortSet {

  private static final String EXPECTED = "ports 0-65535 as port, lo-hi or {port,lo-hi,...}";

  /** Pairs of inclusive bounds, lo at even indexes. */
  private final int[] bounds;

  private PortSet(int[] bounds) {
    this.bounds = bounds;
  }

  /**
   * Parses {@code 80}, {@code 8000-8100} or {@code {80,443,8000-8100}}.
   *
   * @param text the text after the host's colon
   * @param element the whole element, for messages
   */
  static PortSet parse(String text, String element) {
    String inner = text;
    if (text.startsWith("{")) {
      if (!text.endsWith("}")) {
        throw RuleText.error("host list element", element, EXPECTED);
      }
      inner = text.substring(1, text.length() - 1);
    }
    if (inner.isEmpty()) {
      throw RuleText.error("host list element", element, EXPECTED);
    }
    List<String> items = RuleText.splitList(inner, "port list");
    int[] bounds = new int[items.size() * 2];
    for (int k = 0; k < items.size(); k++) {
      String item = items.get(k);
      int dash = item.indexOf('-');
      int lo = port(dash < 0 ? item : item.substring(0, dash), element);
      int hi = dash < 0 ? lo : port(item.substring(dash + 1), element);
      if (lo > hi) {
        throw RuleText.error("host list element", element, "port ranges lo-hi with lo <= hi");
      }
      bounds[2 * k] = lo;
      bounds[2 * k + 1] = hi;
    }
    return new PortSet(bounds);
  }

  private static int port(String digits, String element) {
    if (digits.isEmpty() || digits.length() > 5) {
      throw RuleText.error("host list element", element, EXPECTED);
    }
    int v = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw RuleText.error("host list element", element, EXPECTED);
      }
      v = v * 10 + (c - '0');
    }
    if (v > 65535) {
      throw RuleText.error("host list element", element, EXPECTED);
    }
    return v;
  }

  /** Whether the port is allowed; -1 (no port) never is. */
  boolean matches(int port) {
    for (int k = 0; k < bounds.length; k += 2) {
      if (port >= bounds[k] && port <= bounds[k + 1]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < bounds.length; k += 2) {
      if (k > 0) {
        b.append(',');
      }
      b.append(bounds[k]);
      if (bounds[k + 1] != bounds[k]) {
        b.append('-').append(bounds[k + 1]);
      }
    }
    return bounds.length > 2 ? "{" + b + "}" : b.toString();
  }
}
