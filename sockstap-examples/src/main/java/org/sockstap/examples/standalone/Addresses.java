package org.sockstap.examples.standalone;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/** Writes socket addresses the way people type them: {@code 127.0.0.1:1080}, {@code [::1]:1080}. */
final class Addresses {
  private Addresses() {}

  /**
   * Formats an address as {@code host:port}, an IPv6 address in brackets and in its short form.
   *
   * @param address a resolved or unresolved address
   * @return the text
   */
  static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      String host = address.getHostString();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
    if (ip instanceof Inet6Address) {
      return "[" + shortIpv6(ip.getHostAddress()) + "]:" + address.getPort();
    }
    return ip.getHostAddress() + ":" + address.getPort();
  }

  /**
   * Shortens the JDK's full IPv6 text ({@code 0:0:0:0:0:0:0:1}) as RFC 5952 asks: the longest run
   * of two or more zero groups, the first of equal runs, becomes {@code ::}.
   */
  static String shortIpv6(String full) {
    String scope = "";
    int percent = full.indexOf('%');
    if (percent >= 0) {
      scope = full.substring(percent);
      full = full.substring(0, percent);
    }
    String[] groups = full.split(":", -1);
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      if (!groups[i].equals("0")) {
        i++;
        continue;
      }
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestStart < 0) {
      return full + scope;
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":",
        Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail + scope;
  }
}
