package org.sockstap.examples.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The http target: HTTP/1.1 with keep-alive and pipelining, GET and HEAD, always 200. The body
 * size is the path's last segment when it starts with a digit ({@code /1024}, {@code /1k},
 * {@code /x/1m}), else the configured default; the body is ASCII digits. Responses carry
 * {@code Date}, {@code Last-Modified}, {@code Cache-Control: max-age=3600} and
 * {@code Content-Length}, so a caching proxy may store them. {@code Connection: close}, or
 * HTTP/1.0 without keep-alive, closes after the response.
 */
final class HttpTarget {
  private static final int MAX_HEAD = 4096;
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private static volatile CachedDate date = new CachedDate(0, "");

  private HttpTarget() {}

  private record CachedDate(long second, String text) {}

  /**
   * Serves one connection until the client leaves, asks to close, or sends a head that does not
   * parse or fit in 4 KiB.
   *
   * @param socket the connection; the caller closes it
   * @param buffer the connection's buffer for responses
   * @param defaultSize the body size when the path does not give one
   */
  static void serve(Socket socket, byte[] buffer, long defaultSize) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] request = new byte[MAX_HEAD];
    StringBuilder head = new StringBuilder(320);
    int have = 0;
    while (true) {
      int end;
      while ((end = Ascii.indexOfBlankLine(request, 0, have)) < 0) {
        if (have == request.length) {
          return;
        }
        int n = in.read(request, have, request.length - have);
        if (n < 0) {
          return;
        }
        have += n;
      }
      int space1 = Ascii.indexOf(request, 0, end, ' ');
      int space2 = space1 < 0 ? -1 : Ascii.indexOf(request, space1 + 1, end, ' ');
      if (space2 < 0) {
        return;
      }
      long size = bodySize(request, space1 + 1, space2, defaultSize);
      if (size < 0) {
        return;
      }
      boolean headOnly = Ascii.startsWithIgnoreCase(request, 0, "head ");
      boolean http10 = end - space2 > 8
          && Ascii.startsWithIgnoreCase(request, space2 + 1, "http/1.0");
      boolean close = Ascii.indexOfIgnoreCase(request, space2, end,
          "\r\nconnection: close") >= 0
          || http10 && Ascii.indexOfIgnoreCase(request, space2, end,
              "\r\nconnection: keep-alive") < 0;
      head.setLength(0);
      head.append("HTTP/1.1 200 OK\r\nServer: sockstap-load\r\nDate: ").append(date())
          .append("\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n")
          .append("Cache-Control: max-age=3600\r\nContent-Type: application/octet-stream\r\n")
          .append("Content-Length: ").append(size).append("\r\n")
          .append(close ? "Connection: close\r\n\r\n" : "\r\n");
      respond(out, buffer, head, headOnly ? 0 : size);
      int used = end + 4;
      System.arraycopy(request, used, request, 0, have - used);
      have -= used;
      if (close) {
        return;
      }
    }
  }

  /** Writes the head and the start of the body in one write, then the rest of the body. */
  private static void respond(OutputStream out, byte[] buffer, CharSequence head, long body)
      throws IOException {
    int length = head.length();
    for (int i = 0; i < length; i++) {
      buffer[i] = (byte) head.charAt(i);
    }
    byte[] digits = Payload.digits();
    int first = (int) Math.min(body, buffer.length - length);
    System.arraycopy(digits, 0, buffer, length, first);
    out.write(buffer, 0, length + first);
    for (long left = body - first; left > 0; ) {
      int n = (int) Math.min(left, digits.length);
      out.write(digits, 0, n);
      left -= n;
    }
  }

  /** The last path segment's size, or {@code fallback}; -1 for a size too large. */
  static long bodySize(byte[] request, int from, int to, long fallback) {
    int pathEnd = Ascii.indexOf(request, from, to, '?');
    if (pathEnd < 0) {
      pathEnd = to;
    }
    int segment = -1;
    for (int i = from; i < pathEnd; i++) {
      if (request[i] == '/') {
        segment = i + 1;
      }
    }
    if (segment < 0 || segment == pathEnd || request[segment] < '0' || request[segment] > '9') {
      return fallback;
    }
    return Sizes.parsePrefix(
        new String(request, segment, pathEnd - segment, StandardCharsets.US_ASCII), 0,
        pathEnd - segment);
  }

  /** The IMF-fixdate of this second, formatted once per second. */
  static String date() {
    long now = System.currentTimeMillis() / 1000;
    CachedDate cached = date;
    if (cached.second() != now) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(now, 0, ZoneOffset.UTC);
      cached = new CachedDate(now, String.format(Locale.ROOT, "%s, %02d %s %04d %02d:%02d:%02d GMT",
          DAYS[t.getDayOfWeek().ordinal()], t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1],
          t.getYear(), t.getHour(), t.getMinute(), t.getSecond()));
      date = cached;
    }
    return cached.text();
  }
}
