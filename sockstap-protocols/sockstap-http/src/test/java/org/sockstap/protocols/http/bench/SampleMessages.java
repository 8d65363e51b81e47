package org.sockstap.protocols.http.bench;

import java.nio.charset.StandardCharsets;

/** Typical heads, as a current browser sends them and a common server answers. */
public final class SampleMessages {

  /** The request target of {@link #browserRequest}. */
  public static final String TARGET = "/assets/js/app.3f9a1c.js?v=20240611";

  private SampleMessages() {}

  /**
   * Returns a browser's request for a script: 11 fields, about 530 bytes.
   *
   * @param target the request target
   * @return the head, ending with its empty line
   */
  public static byte[] browserRequest(String target) {
    return ascii("GET " + target + " HTTP/1.1\r\n"
        + "Host: www.example.com\r\n"
        + "Connection: keep-alive\r\n"
        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/126.0.0.0 Safari/537.36\r\n"
        + "Accept: */*\r\n"
        + "Sec-Fetch-Site: same-origin\r\n"
        + "Sec-Fetch-Mode: no-cors\r\n"
        + "Sec-Fetch-Dest: script\r\n"
        + "Referer: https://www.example.com/products/index.html\r\n"
        + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
        + "Accept-Language: en-US,en;q=0.9,de;q=0.8\r\n"
        + "Cookie: session=6f1c2b7a9e4d4c1fb0a3; _ga=GA1.2.1234567890.1717171717;"
        + " theme=dark\r\n"
        + "\r\n");
  }

  /**
   * Returns a server's answer with a cacheable script: 11 fields, about 400 bytes.
   *
   * @param date the Date field's value (an IMF-fixdate)
   * @param vary whether the response carries {@code Vary: Accept-Encoding}
   * @param contentLength the Content-Length
   * @return the head, ending with its empty line
   */
  public static byte[] serverResponse(String date, boolean vary, int contentLength) {
    return ascii("HTTP/1.1 200 OK\r\n"
        + "Server: nginx/1.24.0\r\n"
        + "Date: " + date + "\r\n"
        + "Content-Type: application/javascript; charset=utf-8\r\n"
        + "Content-Length: " + contentLength + "\r\n"
        + "Last-Modified: Mon, 10 Jun 2024 08:12:43 GMT\r\n"
        + "Connection: keep-alive\r\n"
        + "ETag: \"66682a1b-bc55\"\r\n"
        + "Cache-Control: public, max-age=86400\r\n"
        + (vary ? "Vary: Accept-Encoding\r\n" : "X-Content-Type-Options: nosniff\r\n")
        + "Accept-Ranges: bytes\r\n"
        + "Strict-Transport-Security: max-age=31536000\r\n"
        + "\r\n");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
