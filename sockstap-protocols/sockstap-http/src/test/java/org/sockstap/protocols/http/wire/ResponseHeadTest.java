package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.protocols.http.wire.Feed.assertResponseFails;
import static org.sockstap.protocols.http.wire.Feed.assertResponses;
import static org.sockstap.protocols.http.wire.Feed.bytes;

import java.io.ByteArrayInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Response heads: status lines and header lines from the origin, answered with 502. */
class ResponseHeadTest {

  static Stream<Arguments> malformedResponses() {
    return Stream.of(
        arguments("HTTP/1.2", "HTTP/1.2 200 OK\r\n\r\n"),
        arguments("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n"),
        arguments("lowercase version", "http/1.1 200 OK\r\n\r\n"),
        arguments("two-digit status", "HTTP/1.1 20 OK\r\n\r\n"),
        arguments("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n"),
        arguments("status 099", "HTTP/1.1 099 Odd\r\n\r\n"),
        arguments("status 600", "HTTP/1.1 600 Odd\r\n\r\n"),
        arguments("sign in status", "HTTP/1.1 +20 OK\r\n\r\n"),
        arguments("Arabic-Indic digits", "HTTP/1.1 \u00d9\u00a6\u00d9\u00a6\u00d9\u00a6 OK\r\n\r\n"),
        arguments("two spaces", "HTTP/1.1  200 OK\r\n\r\n"),
        arguments("tab separator", "HTTP/1.1\t200 OK\r\n\r\n"),
        arguments("NUL in reason", "HTTP/1.1 200 O\u0000K\r\n\r\n"),
        arguments("bare CR in reason", "HTTP/1.1 200 O\rK\r\n\r\n"),
        arguments("leading empty line", "\r\nHTTP/1.1 200 OK\r\n\r\n"),
        arguments("garbage", "hello\r\n\r\n"),
        arguments("space before colon", "HTTP/1.1 200 OK\r\nServer : x\r\n\r\n"),
        arguments("line without colon", "HTTP/1.1 200 OK\r\nServer\r\n\r\n"),
        arguments("empty name", "HTTP/1.1 200 OK\r\n: x\r\n\r\n"),
        arguments("\\x01 in name", "HTTP/1.1 200 OK\r\nX-\u0001: x\r\n\r\n"),
        arguments("NUL in value", "HTTP/1.1 200 OK\r\nX-A: \u0000\r\n\r\n"),
        arguments("bare CR in value", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n"),
        arguments("obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\n\r\n"),
        arguments("whitespace before the first field", "HTTP/1.1 200 OK\r\n X-A: a\r\n\r\n"),
        arguments("no response at all", ""),
        arguments("cut off in the status line", "HTTP/1.1 20"),
        arguments("cut off in the header section", "HTTP/1.1 200 OK\r\nX-A: 1\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedResponses")
  void rejectsMalformedResponsesWith502(String name, String raw) throws Exception {
    assertResponseFails(raw, "GET");
  }

  @Test
  void acceptsBareLfLineEndsFromServers() throws Exception {
    ResponseHead head = assertResponses("HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 2\n\nhi",
        "GET").get(0).head();
    assertEquals(200, head.status());
    assertEquals("1", head.headers().first("X-A"));
    // re-encoding always uses CRLF
    assertEquals("HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 2\r\n\r\n",
        Feed.text(head.encode()));
  }

  @Test
  void acceptsAStatusLineWithoutReason() throws Exception {
    ResponseHead bare = assertResponses("HTTP/1.1 204\r\n\r\n", "GET").get(0).head();
    assertEquals(204, bare.status());
    assertEquals("", bare.reason());
    ResponseHead empty = assertResponses("HTTP/1.0 204 \r\n\r\n", "GET").get(0).head();
    assertEquals("", empty.reason());
    assertEquals(HttpVersion.HTTP_1_0, empty.version());
    assertEquals("HTTP/1.0 204 \r\n\r\n", Feed.text(empty.encode()));
  }

  @Test
  void keepsTheReasonAsSent() throws Exception {
    ResponseHead head = assertResponses("HTTP/1.1 404 Not\tFound \u00e9\r\nContent-Length: 0\r\n"
        + "\r\n", "GET").get(0).head();
    assertEquals("Not\tFound \u00e9", head.reason());
  }

  @Test
  void roundTripsAResponseHead() throws Exception {
    ResponseHead built = new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK",
        new Headers().add("Content-Length", "0").add("Server", "x"));
    byte[] encoded = built.encode();
    assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nServer: x\r\n\r\n", Feed.text(encoded));
    ResponseHead read = new HeadReader(new ByteArrayInputStream(encoded), HttpLimits.defaults())
        .readResponse();
    assertEquals(built, read);
    var out = new java.io.ByteArrayOutputStream();
    read.writeTo(out);
    assertArrayEquals(encoded, out.toByteArray());
  }

  @Test
  void refusesToBuildABrokenStatusLine() {
    Headers h = new Headers();
    assertThrows(IllegalArgumentException.class,
        () -> new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK\r\nSet-Cookie: x", h));
    assertThrows(IllegalArgumentException.class,
        () -> new ResponseHead(HttpVersion.HTTP_1_1, 200, "O\u0000K", h));
    assertThrows(IllegalArgumentException.class,
        () -> new ResponseHead(HttpVersion.HTTP_1_1, 99, "", h));
    assertThrows(IllegalArgumentException.class,
        () -> new ResponseHead(HttpVersion.HTTP_1_1, 600, "", h));
  }

  @Test
  void tellsInterimAndPersistentResponses() {
    Headers none = new Headers();
    assertTrue(new ResponseHead(HttpVersion.HTTP_1_1, 103, "", none).isInformational());
    assertFalse(new ResponseHead(HttpVersion.HTTP_1_1, 200, "", none).isInformational());
    assertTrue(new ResponseHead(HttpVersion.HTTP_1_1, 200, "", none).isPersistent());
    assertFalse(new ResponseHead(HttpVersion.HTTP_1_0, 200, "", none).isPersistent());
    assertFalse(new ResponseHead(HttpVersion.HTTP_1_1, 200, "",
        new Headers().add("Connection", "close")).isPersistent());
  }

  @Test
  void awaitInputTellsAClosedIdleConnectionFromAResponse() throws Exception {
    HeadReader closed = new HeadReader(new ByteArrayInputStream(new byte[0]),
        HttpLimits.defaults());
    assertFalse(closed.awaitInput());
    HeadReader open = new HeadReader(new ByteArrayInputStream(bytes("HTTP/1.1 200 OK\r\n\r\n")),
        HttpLimits.defaults());
    assertTrue(open.awaitInput());
    assertEquals(200, open.readResponse().status());
  }
}
