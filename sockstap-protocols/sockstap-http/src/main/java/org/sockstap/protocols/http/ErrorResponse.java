package org.sockstap.protocols.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The responses SocksTap writes itself: a status with a short HTML page naming the reason,
 * HTML-escaped, framed with Content-Length, and {@code Connection: close} unless the connection
 * goes on. No header value of the request (no credentials) is echoed; the reason may name the
 * method and URL.
 */
final class ErrorResponse {
  private ErrorResponse() {}

  static String reasonPhrase(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 403: return "Forbidden";
      case 413: return "Content Too Large";
      case 414: return "URI Too Long";
      case 417: return "Expectation Failed";
      case 500: return "Internal Server Error";
      case 431: return "Request Header Fields Too Large";
      case 501: return "Not Implemented";
      case 502: return "Bad Gateway";
      case 504: return "Gateway Timeout";
      case 505: return "HTTP Version Not Supported";
      default: return "Error";
    }
  }

  /**
   * Writes the response, without flushing (the caller logs it first).
   *
   * @return the body length
   */
  static int write(OutputStream out, int status, String reason) throws IOException {
    return write(out, status, reason, true, false);
  }

  /**
   * Writes the response.
   *
   * @param close whether to send {@code Connection: close} (the caller then closes)
   * @param head whether it answers HEAD: the head announces the page, the page is not sent
   * @return how many body bytes were written
   */
  static int write(OutputStream out, int status, String reason, boolean close, boolean head)
      throws IOException {
    String phrase = reasonPhrase(status);
    byte[] body = ("<!DOCTYPE html>\n<html><head><title>" + status + " " + phrase
        + "</title></head><body><h1>" + status + " " + phrase + "</h1><p>"
        + escapeHtml(reason) + "</p><hr><address>SocksTap</address></body></html>\n")
        .getBytes(StandardCharsets.UTF_8);
    String fields = "HTTP/1.1 " + status + " " + phrase + "\r\n"
        + "Content-Type: text/html; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Cache-Control: no-store\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n";
    out.write(fields.getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      out.write(body);
    }
    return head ? 0 : body.length;
  }

  static String escapeHtml(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length() && i < 512; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out.append(' ');
          } else {
            out.append(c);
          }
      }
    }
    return out.toString();
  }
}
