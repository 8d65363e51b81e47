package org.sockstap.protocols.http.cache;

import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/** Builds heads from {@code "Name: value"} lines. */
final class Heads {

  private Heads() {}

  static Headers headers(String... lines) {
    Headers headers = new Headers();
    for (String line : lines) {
      int colon = line.indexOf(':');
      headers.add(line.substring(0, colon), line.substring(colon + 1));
    }
    return headers;
  }

  static RequestHead get(String... lines) {
    return request("GET", "/x", lines);
  }

  static RequestHead request(String method, String target, String... lines) {
    return new RequestHead(method, target, HttpVersion.HTTP_1_1, headers(lines));
  }

  static ResponseHead response(int status, String... lines) {
    return new ResponseHead(HttpVersion.HTTP_1_1, status, "R", headers(lines));
  }
}
