package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.protocols.http.wire.Feed.assertRequestFails;
import static org.sockstap.protocols.http.wire.Feed.assertRequests;
import static org.sockstap.protocols.http.wire.Feed.bytes;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request heads: the H5 (header lines) and H6 (request line) tables, limits and round trips. */
class RequestHeadTest {

  private static final String HOST = "Host: a.test\r\n";

  static Stream<Arguments> malformedHeaderLines() {
    return Stream.of(
        arguments("space before colon", "GET / HTTP/1.1\r\nHost : a.test\r\n\r\n"),
        arguments("tab before colon", "GET / HTTP/1.1\r\n" + HOST + "X-A\t: 1\r\n\r\n"),
        arguments("line without colon", "GET / HTTP/1.1\r\n" + HOST + "X-Without-Colon\r\n\r\n"),
        arguments("line without colon, with words", "GET / HTTP/1.1\r\n" + HOST
            + "not a header\r\n\r\n"),
        arguments("empty name", "GET / HTTP/1.1\r\n" + HOST + ": x\r\n\r\n"),
        arguments("\\x01 in name", "GET / HTTP/1.1\r\n" + HOST + "X-\u0001A: 1\r\n\r\n"),
        arguments("\\x00 in name", "GET / HTTP/1.1\r\n" + HOST + "X-\u0000A: 1\r\n\r\n"),
        arguments("\\x7f in name", "GET / HTTP/1.1\r\n" + HOST + "X-\u007fA: 1\r\n\r\n"),
        arguments("non-ASCII in name", "GET / HTTP/1.1\r\n" + HOST + "X-\u00e9: 1\r\n\r\n"),
        arguments("bare CR in value", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\rb\r\n\r\n"),
        arguments("bare CR at end of value", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\r\r\n\r\n"),
        arguments("NUL in value", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\u0000b\r\n\r\n"),
        arguments("\\x0b in value", "GET / HTTP/1.1\r\n" + HOST + "X-A: \u000bb\r\n\r\n"),
        arguments("DEL in value", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\u007f\r\n\r\n"),
        arguments("obs-fold with space", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\r\n b\r\n\r\n"),
        arguments("obs-fold with tab", "GET / HTTP/1.1\r\n" + HOST + "X-A: a\r\n\tb\r\n\r\n"),
        arguments("whitespace before the first header", "GET / HTTP/1.1\r\n " + HOST + "\r\n"),
        arguments("tab before the first header", "GET / HTTP/1.1\r\n\t" + HOST + "\r\n"),
        arguments("bare LF line ends", "GET / HTTP/1.1\n" + "Host: a.test\n\n"),
        arguments("bare LF in header section", "GET / HTTP/1.1\r\nHost: a.test\n\r\n"),
        arguments("bare LF ending the head", "GET / HTTP/1.1\r\nHost: a.test\r\n\n"),
        arguments("bare CR ending the request line", "GET / HTTP/1.1\r" + HOST + "\r\n"),
        arguments("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\nX-A: 1\r\n\r\n"),
        arguments("two Host fields", "GET / HTTP/1.1\r\n" + HOST + HOST + "\r\n"),
        arguments("two different Host fields", "GET / HTTP/1.1\r\n" + HOST
            + "host: b.test\r\n\r\n"),
        arguments("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\n" + HOST + HOST + "\r\n"),
        arguments("Host: a b", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
        arguments("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a.test\r\n\r\n"),
        arguments("Host with path", "GET / HTTP/1.1\r\nHost: a.test/x\r\n\r\n"),
        arguments("Host with a bad port", "GET / HTTP/1.1\r\nHost: a.test:8o\r\n\r\n"),
        arguments("Host with a huge port", "GET / HTTP/1.1\r\nHost: a.test:65536\r\n\r\n"),
        arguments("Host with a list", "GET / HTTP/1.1\r\nHost: a.test, b.test\r\n\r\n"),
        arguments("Host with bad IPv6", "GET / HTTP/1.1\r\nHost: [a.test]\r\n\r\n"),
        arguments("Host with a bad escape", "GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n"),
        arguments("Host with non-ASCII", "GET / HTTP/1.1\r\nHost: \u00e9.test\r\n\r\n"),
        arguments("head cut off", "GET / HTTP/1.1\r\n" + HOST),
        arguments("head cut off in a field", "GET / HTTP/1.1\r\nHo"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaderLines")
  void rejectsMalformedHeaderLinesWith400(String name, String raw) throws Exception {
    assertRequestFails(raw, 400);
  }

  static Stream<Arguments> malformedRequestLines() {
    return Stream.of(
        arguments("two targets", "GET /a? HTTP/1.1 /b HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("fragment", "GET /a#b HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("NUL in target", "GET /a\u0000b HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("bare CR in target", "GET /a\rb HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("bare LF in target", "GET /a\nb HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("CRLF in target", "GET /a\r\nb HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("tab in target", "GET /a\tb HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("non-ASCII in target", "GET /\u00e9 HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("64 KiB target", "GET /" + "a".repeat(65536) + " HTTP/1.1\r\n" + HOST
            + "\r\n", 414),
        arguments("HTTP/1.2", "GET / HTTP/1.2\r\n" + HOST + "\r\n", 505),
        arguments("HTTP/2.0", "GET / HTTP/2.0\r\n" + HOST + "\r\n", 505),
        arguments("HTTP/0.9 version", "GET / HTTP/0.9\r\n\r\n", 505),
        arguments("HTTP/0.9 without version", "GET /\r\n\r\n", 400),
        arguments("lowercase version", "GET / http/1.1\r\n" + HOST + "\r\n", 400),
        arguments("version with extra digit", "GET / HTTP/1.10\r\n" + HOST + "\r\n", 400),
        arguments("trailing space", "GET / HTTP/1.1 \r\n" + HOST + "\r\n", 400),
        arguments("two spaces", "GET  / HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("leading space", " GET / HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("tab separator", "GET\t/ HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("method G\\x00ET", "G\u0000ET / HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("method with a slash", "GE/T / HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("only a method", "GET\r\n\r\n", 400),
        arguments("CONNECT without port", "CONNECT a.test HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("CONNECT with a path", "CONNECT /x HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("asterisk with GET", "GET * HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("relative target", "GET a/b HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("http URI with userinfo",
            "GET http://a.test@b.test/ HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("http URI without host", "GET http:///x HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("http URI without //", "GET http:x HTTP/1.1\r\n" + HOST + "\r\n", 400),
        arguments("bare LF request line", "GET / HTTP/1.1\n" + HOST + "\r\n", 400),
        arguments("too many empty lines first", "\r\n".repeat(9) + "GET / HTTP/1.1\r\n" + HOST
            + "\r\n", 400),
        arguments("request line cut off", "GET / HTTP/1.", 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequestLines")
  void rejectsMalformedRequestLines(String name, String raw, int status) throws Exception {
    if (raw.length() > 10_000) {
      // every split of 64 KiB would be slow; a few boundaries are enough
      for (int k : new int[] {1, 4, 5, 8192, 8193, 65000}) {
        HttpParseException e = assertThrows(HttpParseException.class,
            () -> Feed.requests(new SlicedInputStream(bytes(raw), k)));
        assertEquals(status, e.status());
      }
      return;
    }
    assertRequestFails(raw, status);
  }

  @Test
  void namesTheProblemInTheMessage() throws Exception {
    assertEquals("header name contains \\x01",
        assertRequestFails("GET / HTTP/1.1\r\n" + HOST + "X-\u0001A: 1\r\n\r\n", 400)
            .getMessage());
    assertTrue(assertRequestFails("GET / HTTP/1.2\r\n" + HOST + "\r\n", 505).getMessage()
        .contains("HTTP/1.2 (expected: HTTP/1.0 or HTTP/1.1)"));
    assertTrue(assertRequestFails("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400).getMessage()
        .contains("Host: a b (expected: host[:port])"));
  }

  @Test
  void neverEchoesUserinfoThatMayHoldAPassword() throws Exception {
    String target = assertRequestFails(
        "GET http://u:S3cr3t@b.test/ HTTP/1.1\r\n" + HOST + "\r\n", 400).getMessage();
    assertTrue(target.contains("userinfo") && !target.contains("S3cr3t"), target);
    String host = assertRequestFails(
        "GET / HTTP/1.1\r\nHost: u:S3cr3t@b.test\r\n\r\n", 400).getMessage();
    assertTrue(host.contains("userinfo") && !host.contains("S3cr3t"), host);
  }

  static Stream<Arguments> validRequests() {
    return Stream.of(
        arguments("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", "GET", "/", HttpVersion.HTTP_1_1),
        arguments("GET / HTTP/1.0\r\n\r\n", "GET", "/", HttpVersion.HTTP_1_0),
        arguments("HEAD /a/b?c=d&e=%20 HTTP/1.1\r\nHost: a.test:8080\r\n\r\n", "HEAD",
            "/a/b?c=d&e=%20", HttpVersion.HTTP_1_1),
        arguments("GET /q?a={b}|c^d HTTP/1.1\r\nHost: a.test\r\n\r\n", "GET", "/q?a={b}|c^d",
            HttpVersion.HTTP_1_1),
        arguments("OPTIONS * HTTP/1.1\r\nHost: a.test\r\n\r\n", "OPTIONS", "*",
            HttpVersion.HTTP_1_1),
        arguments("CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n", "CONNECT",
            "a.test:443", HttpVersion.HTTP_1_1),
        arguments("CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n", "CONNECT",
            "[::1]:443", HttpVersion.HTTP_1_1),
        arguments("GET http://b.test/x HTTP/1.1\r\nHost: a.test\r\n\r\n", "GET",
            "http://b.test/x", HttpVersion.HTTP_1_1),
        arguments("GET HTTPS://b.test:8443?x HTTP/1.1\r\nHost: b.test\r\n\r\n", "GET",
            "HTTPS://b.test:8443?x", HttpVersion.HTTP_1_1),
        arguments("GET ftp://u@b.test/x HTTP/1.1\r\nHost: b.test\r\n\r\n", "GET",
            "ftp://u@b.test/x", HttpVersion.HTTP_1_1),
        arguments("BREW /pot HTTP/1.1\r\nHost: a.test\r\n\r\n", "BREW", "/pot",
            HttpVersion.HTTP_1_1),
        arguments("\r\n\r\nGET / HTTP/1.1\r\nHost: a.test\r\n\r\n", "GET", "/",
            HttpVersion.HTTP_1_1),
        arguments("GET / HTTP/1.1\r\nHost:\r\n\r\n", "GET", "/", HttpVersion.HTTP_1_1),
        arguments("GET / HTTP/1.1\r\nHost: 192.0.2.1\r\n\r\n", "GET", "/",
            HttpVersion.HTTP_1_1),
        arguments("GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n", "GET", "/",
            HttpVersion.HTTP_1_1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRequests")
  void readsValidRequestLines(String raw, String method, String target, HttpVersion version)
      throws Exception {
    RequestHead head = assertRequests(raw, 1).get(0).head();
    assertEquals(method, head.method());
    assertEquals(target, head.target());
    assertEquals(version, head.version());
  }

  @Test
  void keepsFieldsInOrderWithTheirCaseAndTrimsValues() throws Exception {
    RequestHead head = assertRequests("GET / HTTP/1.1\r\nhOST: a.test \r\nX-A:\t 1 2 \t\r\n"
        + "X-B:\r\nX-A: \u00e9\u00ff\r\n\r\n", 1).get(0).head();
    assertEquals(List.of(new HeaderField("hOST", "a.test"), new HeaderField("X-A", "1 2"),
        new HeaderField("X-B", ""), new HeaderField("X-A", "\u00e9\u00ff")),
        head.headers().fields());
  }

  @Test
  void endsCleanlyAtTheEndOfTheStream() throws Exception {
    assertNull(new HeadReader(new ByteArrayInputStream(new byte[0]), HttpLimits.defaults())
        .readRequest());
    assertEquals(1, assertRequests("GET / HTTP/1.1\r\nHost: a\r\n\r\n\r\n", 1).size());
  }

  @Test
  void readsPipelinedRequests() throws Exception {
    List<Feed.Request> requests = assertRequests("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
        + "GET /4 HTTP/1.0\r\n\r\n", 4);
    assertEquals(List.of("/1", "/2", "/3", "/4"),
        requests.stream().map(r -> r.head().target()).toList());
    assertEquals(List.of("", "hello", "abc", ""),
        requests.stream().map(Feed.Request::body).toList());
    assertEquals("1", requests.get(2).trailers().first("X-T"));
  }

  @Test
  void stopsAtTheMalformedRequestOfAPipeline() throws Exception {
    // H10(a) parse side: the first is read, the second fails, the third is never reached
    byte[] raw = bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        + "GET /2 HTTP/1.1\r\nHost : a\r\n\r\n"
        + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
    Feed.everySplit(raw, (in, how) -> {
      HeadReader reader = new HeadReader(in, HttpLimits.defaults());
      assertEquals("/1", reader.readRequest().target(), how);
      assertEquals(400, assertThrows(HttpParseException.class, reader::readRequest).status());
    });
  }

  @Test
  void limitsTheRequestLine() throws Exception {
    HttpLimits limits = new HttpLimits(32, 65536, 100, 4096, 16384);
    String fits = "GET /" + "a".repeat(32 - 14) + " HTTP/1.1";
    assertEquals(32, fits.length());
    byte[] ok = bytes(fits + "\r\nHost: a\r\n\r\n");
    assertEquals(fits.substring(4, 23),
        new HeadReader(new ByteArrayInputStream(ok), limits).readRequest().target());
    byte[] tooLong = bytes("GET /" + "a".repeat(32 - 13) + " HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(414, assertThrows(HttpParseException.class,
        () -> new HeadReader(new ByteArrayInputStream(tooLong), limits).readRequest()).status());
  }

  @Test
  void limitsTheHeaderSection() throws Exception {
    HttpLimits limits = new HttpLimits(8192, 64, 3, 4096, 16384);
    String line = "GET / HTTP/1.1\r\n";
    // 14 + 15 + 17 + 2 = 48 bytes: fits
    String fits = line + "Host: a.test\r\nX-A: 12345678\r\nX-B: 1234567890\r\n\r\n";
    assertEquals(3, read(fits, limits).headers().size());
    String big = line + "Host: a.test\r\nX-A: " + "1".repeat(60) + "\r\n\r\n";
    assertEquals(431, assertThrows(HttpParseException.class, () -> read(big, limits)).status());
    String exactly = line + "Host: a.test\r\nX-A: " + "1".repeat(64 - 14 - 2 - 7) + "\r\n\r\n";
    assertEquals(2, read(exactly, limits).headers().size());
    String oneMore = line + "Host: a.test\r\nX-A: " + "1".repeat(64 - 14 - 2 - 6) + "\r\n\r\n";
    assertEquals(431, assertThrows(HttpParseException.class,
        () -> read(oneMore, limits)).status());
    String many = line + "Host: a\r\nX-A: 1\r\nX-B: 2\r\nX-C: 3\r\n\r\n";
    assertEquals(431, assertThrows(HttpParseException.class, () -> read(many, limits)).status());
  }

  @Test
  void aHugeHeaderIsRefusedWith431ByDefault() throws Exception {
    // C5: a 20 KiB header is fine, a 70 KiB one is refused before anything is forwarded
    String twenty = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + "p".repeat(20 * 1024) + "\r\n\r\n";
    assertEquals(2, read(twenty, HttpLimits.defaults()).headers().size());
    String seventy = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + "p".repeat(70 * 1024) + "\r\n\r\n";
    assertEquals(431, assertThrows(HttpParseException.class,
        () -> read(seventy, HttpLimits.defaults())).status());
  }

  private static RequestHead read(String raw, HttpLimits limits) throws Exception {
    return new HeadReader(new ByteArrayInputStream(bytes(raw)), limits).readRequest();
  }

  @Test
  void encodesWhatItReadsBackIdentically() throws Exception {
    String raw = "POST http://b.test/x?y HTTP/1.1\r\nHost: b.test\r\nX-A: 1 2\r\n"
        + "Content-Length: 0\r\nX-Latin: \u00e9\r\n\r\n";
    RequestHead head = read(raw, HttpLimits.defaults());
    assertArrayEquals(bytes(raw), head.encode());
    assertEquals(head, read(Feed.text(head.encode()), HttpLimits.defaults()));
  }

  @Test
  void roundTripsABuiltHead() throws Exception {
    Headers headers = new Headers().add("Host", "a.test").add("Accept", "*/*");
    RequestHead built = new RequestHead("GET", "/x?y=%0d%0a", HttpVersion.HTTP_1_1, headers);
    assertEquals("GET /x?y=%0d%0a HTTP/1.1\r\nHost: a.test\r\nAccept: */*\r\n\r\n",
        Feed.text(built.encode()));
    assertEquals(built, read(Feed.text(built.encode()), HttpLimits.defaults()));
    var out = new java.io.ByteArrayOutputStream();
    built.writeTo(out);
    assertArrayEquals(built.encode(), out.toByteArray());
  }

  @Test
  void refusesToBuildAHeadThatCouldBreakTheRequestLine() {
    Headers h = new Headers();
    for (String target : new String[] {"", "/a b", "/a\r\nX: y", "/a\u0000", "/a#b", "/\u00e9"}) {
      assertThrows(IllegalArgumentException.class,
          () -> new RequestHead("GET", target, HttpVersion.HTTP_1_1, h), target);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new RequestHead("G ET", "/", HttpVersion.HTTP_1_1, h));
    assertThrows(IllegalArgumentException.class,
        () -> new RequestHead("", "/", HttpVersion.HTTP_1_1, h));
  }

  @Test
  void tellsTheTargetFormAndAuthority() throws Exception {
    Headers h = new Headers();
    RequestHead absolute = new RequestHead("GET", "http://b.test:81/x", HttpVersion.HTTP_1_1, h);
    assertEquals(TargetForm.ABSOLUTE, absolute.targetForm());
    assertEquals("b.test:81", absolute.targetAuthority());
    assertEquals("b.test", new RequestHead("GET", "http://b.test?q", HttpVersion.HTTP_1_1, h)
        .targetAuthority());
    RequestHead connect = new RequestHead("CONNECT", "b.test:443", HttpVersion.HTTP_1_1, h);
    assertEquals(TargetForm.AUTHORITY, connect.targetForm());
    assertEquals("b.test:443", connect.targetAuthority());
    RequestHead origin = new RequestHead("GET", "/x", HttpVersion.HTTP_1_1, h);
    assertEquals(TargetForm.ORIGIN, origin.targetForm());
    assertNull(origin.targetAuthority());
    assertEquals(TargetForm.ASTERISK,
        new RequestHead("OPTIONS", "*", HttpVersion.HTTP_1_1, h).targetForm());
    assertNull(new RequestHead("GET", "urn:x", HttpVersion.HTTP_1_1, h).targetAuthority());
  }

  @Test
  void tellsWhetherTheConnectionPersists() {
    assertTrue(head(HttpVersion.HTTP_1_1, "Host: a").isPersistent());
    assertTrue(!head(HttpVersion.HTTP_1_1, "Connection: Keep-Alive, CLOSE").isPersistent());
    assertTrue(!head(HttpVersion.HTTP_1_0, "Host: a").isPersistent());
    assertTrue(head(HttpVersion.HTTP_1_0, "Connection: keep-alive").isPersistent());
  }

  private static RequestHead head(HttpVersion version, String field) {
    int colon = field.indexOf(':');
    return new RequestHead("GET", "/", version,
        new Headers().add(field.substring(0, colon), field.substring(colon + 1)));
  }

  @Test
  void keepsBytesReadPastTheHeadForTheBody() throws Exception {
    byte[] raw = bytes("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n\u0081\u0005hello");
    HeadReader reader = new HeadReader(new ByteArrayInputStream(raw), HttpLimits.defaults());
    reader.readRequest();
    assertEquals(7, reader.buffered());
    assertTrue(reader.awaitInput());
    assertEquals("\u0081\u0005hello", Feed.text(Feed.readAll(reader.body())));
    assertTrue(!reader.awaitInput());
  }
}
