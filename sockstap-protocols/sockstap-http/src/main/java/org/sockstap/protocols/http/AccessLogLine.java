package org.sockstap.protocols.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One request in Combined Log Format, followed by SocksTap's fields:
 *
 * <pre>
 * CLIENT - USER [TIME] "METHOD URL VERSION" STATUS BYTES "REFERER" "USER-AGENT" MILLIS ROUTE CACHE
 * </pre>
 *
 * <p>USER is the SOCKS user; URL is absolute ({@code http://host:port/path}, what the client asked
 * for, with the SOCKS destination as host) and never carries user-info; BYTES is the response body
 * size ({@code -} for none); ROUTE is how the server connection was made ({@code direct} or the
 * upstream proxy), followed by {@code ,mount:host:port} for a mounted origin, or {@code -} when
 * nothing was forwarded; CACHE is a DeleGate-style status word ({@code miss}, {@code bypass},
 * {@code denied} for a request the policy refused, {@code error}, ...). Quoted fields escape
 * {@code "} and {@code \}; control characters are escaped by the core.
 */
final class AccessLogLine {
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  /** A formatted second, reused by every record logged within it. */
  private record Second(long epochSecond, String text) {}

  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  private AccessLogLine() {}

  static String format(String client, @Nullable String user, long epochMillis, String method,
      String url, String version, int status, long bodyBytes, @Nullable String referer,
      @Nullable String userAgent, long millis, String route, String cache) {
    return line(client, user, time(Math.floorDiv(epochMillis, 1000)), method, url, version,
        status, bodyBytes, referer, userAgent, millis, route, cache);
  }

  /** The CLF time of a second; formatted once per second, not once per request. */
  static String time(long epochSecond) {
    Second last = lastSecond;
    if (last.epochSecond() != epochSecond) {
      last = new Second(epochSecond, CLF_TIME.format(
          Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC)));
      lastSecond = last;
    }
    return last.text();
  }

  private static String line(String client, @Nullable String user, String time, String method,
      String url, String version, int status, long bodyBytes, @Nullable String referer,
      @Nullable String userAgent, long millis, String route, String cache) {
    StringBuilder line = new StringBuilder(200);
    line.append(client).append(" - ").append(user == null || user.isEmpty() ? "-" : token(user))
        .append(" [").append(time)
        .append("] \"");
    if (method.equals("-")) {
      line.append('-');
    } else {
      line.append(quoted(method)).append(' ').append(quoted(url)).append(' ').append(version);
    }
    line.append("\" ").append(status).append(' ')
        .append(bodyBytes < 0 ? "-" : Long.toString(bodyBytes))
        .append(" \"").append(referer == null ? "-" : quoted(withoutUserInfo(referer)))
        .append("\" \"").append(userAgent == null ? "-" : quoted(userAgent)).append("\" ")
        .append(millis).append(' ').append(token(route)).append(' ').append(cache);
    return line.toString();
  }

  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String token(String value) {
    return quoted(value).replace(" ", "\\x20");
  }

  /** Drops {@code user:password@} from a URL, so a Referer cannot leak credentials. */
  static String withoutUserInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at >= start ? url.substring(0, start) + url.substring(at + 1) : url;
  }
}
