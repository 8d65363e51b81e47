package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.protocols.http.wire.Feed.assertRequestFails;
import static org.sockstap.protocols.http.wire.Feed.assertRequests;
import static org.sockstap.protocols.http.wire.Feed.assertResponseFails;
import static org.sockstap.protocols.http.wire.Feed.assertResponses;
import static org.sockstap.protocols.http.wire.Feed.bytes;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Framing decisions: the H1, H2 and H3 tables, response framing (H8) and upgrades (D3). */
class BodyFramingTest {

  private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\n";

  @Test
  void rejectsContentLengthWithTransferEncoding() throws Exception {
    // H1: rejected, never repaired by stripping one of them
    String smuggle = POST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    assertEquals("both Transfer-Encoding and Content-Length",
        assertRequestFails(smuggle, 400).getMessage());
    String reversed = POST + "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n"
        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    assertRequestFails(reversed, 400);
  }

  /** Bytes that are not tchars, inserted at 13 places in the TE field (the smuggler matrix). */
  private static final char[] ODD = {
    '\u0000', '\t', '\u000b', '\u000c', '\r', '\u001f', ' ', '\u007f', '\u00a0', '\u00ff'
  };

  private static List<String> teMutations() {
    List<String> lines = new ArrayList<>();
    for (char x : ODD) {
      lines.add(x + "Transfer-Encoding: chunked\r\n");
      lines.add("Transfer" + x + "-Encoding: chunked\r\n");
      lines.add("Transfer" + x + "Encoding: chunked\r\n");
      lines.add("Transfer-Encoding" + x + ": chunked\r\n");
      lines.add("Transfer-Encoding:" + x + " chunked\r\n");
      lines.add("Transfer-Encoding: " + x + "chunked\r\n");
      lines.add("Transfer-Encoding: chun" + x + "ked\r\n");
      lines.add("Transfer-Encoding: chunked" + x + "\r\n");
      lines.add("Transfer-Encoding: chunked\r" + x + "\n");
      lines.add("Transfer-Encoding: chunked\r\n" + x + "X-After: 1\r\n");
      lines.add("Transfer-Encoding" + x + "chunked\r\n");
      lines.add("Transfer-Encoding:" + x + "chunked\r\n");
      lines.add("Transfer-Encoding: chunke" + x + "\r\n");
    }
    return lines;
  }

  @Test
  void neverFramesByContentLengthWhateverTheTransferEncodingLooksLike() throws Exception {
    // H2: with CL present, every variant is rejected; without, it is rejected or chunked
    List<String> mutations = teMutations();
    assertEquals(130, mutations.size());
    for (String te : mutations) {
      assertRequestFails(POST + te + "Content-Length: 6\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n", 400);
      String chunked = POST + te + "\r\n5\r\nhello\r\n0\r\n\r\n";
      try {
        Feed.Request request = Feed.requests(new SlicedInputStream(bytes(chunked))).get(0);
        assertEquals(BodyFraming.chunked(), request.framing(), Feed.printable(te));
        assertEquals("hello", request.body());
        assertTrue(te.matches("Transfer-Encoding:[ \t]*chunked[ \t]*\r\n"), Feed.printable(te));
      } catch (HttpParseException e) {
        assertEquals(400, e.status(), Feed.printable(te));
      }
    }
  }

  static Stream<Arguments> transferEncodings() {
    return Stream.of(
        arguments("space before colon", "Transfer-Encoding : chunked\r\n", 400),
        arguments("vertical tab", "Transfer-Encoding: \u000bchunked\r\n", 400),
        arguments("xchunked", "Transfer-Encoding: xchunked\r\n", 400),
        arguments("chunked, identity", "Transfer-Encoding: chunked, identity\r\n", 400),
        arguments("identity", "Transfer-Encoding: identity\r\n", 400),
        arguments("chunked twice in one field", "Transfer-Encoding: chunked, chunked\r\n", 400),
        arguments("gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n", 501),
        arguments("duplicate TE", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            400),
        arguments("split TE", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", 400),
        arguments("obs-fold", "Transfer-Encoding:\r\n chunked\r\n", 400),
        arguments("obs-fold after", "Transfer-Encoding: chunked\r\n , identity\r\n", 400),
        arguments("empty", "Transfer-Encoding:\r\n", 400),
        arguments("quoted", "Transfer-Encoding: \"chunked\"\r\n", 400),
        arguments("underscore name", "Transfer_Encoding: chunked\r\n", 400),
        arguments("underscore Content-Length", "Content_Length: 5\r\n", 400),
        arguments("non-ASCII lookalike", "Transfer-Encoding: chunked\u00a0\r\n", 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transferEncodings")
  void rejectsDoubtfulTransferEncodings(String name, String fields, int status) throws Exception {
    assertRequestFails(POST + fields + "\r\n5\r\nhello\r\n0\r\n\r\n", status);
  }

  @Test
  void rejectsTransferEncodingInHttp10() throws Exception {
    assertRequestFails("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Transfer-Encoding", "TRANSFER-ENCODING", "transfer-encoding",
      "tRANSFER-eNCODING"})
  void recognisesTransferEncodingInAnyCaseUnderATurkishLocale(String name) throws Exception {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      assertEquals("transfer-encodıng", "TRANSFER-ENCODING".toLowerCase(), "the locale bites");
      List<Feed.Request> requests = assertRequests(POST + name + ": CHUNKED\r\n\r\n"
          + "5\r\nhello\r\n0\r\n\r\n", 1);
      assertEquals(BodyFraming.chunked(), requests.get(0).framing());
      assertRequestFails(POST + name + ": chunked\r\nCONTENT-LENGTH: 6\r\n\r\n", 400);
    } finally {
      Locale.setDefault(saved);
    }
  }

  static Stream<Arguments> contentLengths() {
    return Stream.of(
        arguments("+6", "Content-Length: +6\r\n"),
        arguments("-1", "Content-Length: -1\r\n"),
        arguments("0x6", "Content-Length: 0x6\r\n"),
        arguments("6,7", "Content-Length: 6,7\r\n"),
        arguments("6, 6 list", "Content-Length: 6, 6\r\n"),
        arguments("two differing", "Content-Length: 6\r\nContent-Length: 7\r\n"),
        arguments("empty plus 6", "Content-Length:\r\nContent-Length: 6\r\n"),
        arguments("20 digits", "Content-Length: 00000000000000000006\r\n"),
        arguments("19 digits", "Content-Length: 1000000000000000000\r\n"),
        arguments("Arabic-Indic six", "Content-Length: \u00d9\u00a6\r\n"),
        arguments("fullwidth six", "Content-Length: \u00ef\u00bc\u0096\r\n"),
        arguments("decimal", "Content-Length: 6.0\r\n"),
        arguments("space inside", "Content-Length: 6 6\r\n"),
        arguments("letters", "Content-Length: six\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentLengths")
  void rejectsMalformedContentLengthInRequestsWith400(String name, String fields)
      throws Exception {
    assertRequestFails(POST + fields + "\r\nhello!", 400);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentLengths")
  void rejectsMalformedContentLengthInResponsesWith502(String name, String fields)
      throws Exception {
    assertResponseFails("HTTP/1.1 200 OK\r\n" + fields + "\r\nhello!", "GET");
  }

  @Test
  void namesTheBadContentLength() throws Exception {
    assertEquals("Content-Length: +6 (expected: digits)",
        assertRequestFails(POST + "Content-Length: +6\r\n\r\nhello!", 400).getMessage());
  }

  @Test
  void acceptsLeadingZerosAndEqualDuplicates() throws Exception {
    assertEquals(BodyFraming.contentLength(6),
        assertRequests(POST + "Content-Length: 06\r\n\r\nhello!", 1).get(0).framing());
    assertEquals("hello!", assertRequests(POST + "Content-Length: 6\r\nContent-Length: 006\r\n"
        + "\r\nhello!", 1).get(0).body());
    assertEquals(999_999_999_999_999_999L, BodyFraming.forRequest(new RequestHead("POST", "/",
        HttpVersion.HTTP_1_1, new Headers().add("Content-Length", "999999999999999999")))
        .contentLength());
    assertEquals("hello!", assertResponses("HTTP/1.1 200 OK\r\nContent-Length: 06\r\n\r\nhello!",
        "GET").get(0).body());
  }

  @Test
  void aRequestWithoutFramingHasNoBody() throws Exception {
    assertEquals(BodyFraming.none(),
        assertRequests("GET / HTTP/1.1\r\nHost: a\r\n\r\n", 1).get(0).framing());
    assertFalse(BodyFraming.none().hasBody());
    assertFalse(BodyFraming.contentLength(0).hasBody());
    assertTrue(BodyFraming.chunked().hasBody());
  }

  @Test
  void connectHasNoBody() throws Exception {
    String connect = "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n";
    assertEquals(BodyFraming.none(),
        assertRequests(connect + "Content-Length: 0\r\n\r\n", 1).get(0).framing());
    assertRequestFails(connect + "Content-Length: 5\r\n\r\nhello", 400);
    assertRequestFails(connect + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
  }

  private static BodyFraming response(String method, String raw) throws Exception {
    ResponseHead head = new HeadReader(new ByteArrayInputStream(bytes(raw)),
        HttpLimits.defaults()).readResponse();
    return BodyFraming.forResponse(method, head);
  }

  @Test
  void decidesResponseFraming() throws Exception {
    assertEquals(BodyFraming.Kind.NONE, response("HEAD", "HTTP/1.1 200 OK\r\n"
        + "Content-Length: 100\r\n\r\n").kind());
    assertEquals(BodyFraming.Kind.NONE, response("HEAD", "HTTP/1.1 200 OK\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").kind());
    for (int status : new int[] {100, 101, 103, 204, 304}) {
      assertEquals(BodyFraming.Kind.NONE, response("GET", "HTTP/1.1 " + status + " X\r\n"
          + "Content-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n").kind(), "" + status);
    }
    assertEquals(BodyFraming.Kind.NONE, response("CONNECT", "HTTP/1.1 200 OK\r\n\r\n").kind());
    assertEquals(BodyFraming.Kind.CLOSE_DELIMITED,
        response("CONNECT", "HTTP/1.1 407 Auth\r\n\r\n").kind());
    assertEquals(BodyFraming.Kind.CLOSE_DELIMITED, response("GET", "HTTP/1.1 200 OK\r\n\r\n")
        .kind());
    BodyFraming cl = response("GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    assertEquals(BodyFraming.contentLength(5).forResponse(), cl);
    assertTrue(cl.isResponse());
    BodyFraming chunked = response("POST", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n"
        + "Transfer-Encoding: Chunked\r\n\r\n");
    assertEquals(BodyFraming.Kind.CHUNKED, chunked.kind());
    assertFalse(chunked.conflict());
    BodyFraming both = response("GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n");
    assertEquals(BodyFraming.Kind.CHUNKED, both.kind());
    assertTrue(both.conflict());
    BodyFraming gzip = response("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n"
        + "Content-Length: 5\r\n\r\n");
    assertEquals(BodyFraming.Kind.CLOSE_DELIMITED, gzip.kind());
    assertTrue(gzip.conflict());
    BodyFraming old = response("GET", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    assertEquals(BodyFraming.Kind.CHUNKED, old.kind());
    assertTrue(old.conflict());
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked, gzip", "chunked, chunked", "gzip,,chunked", "", "\"chunked\"",
      "chunked;"})
  void rejectsMalformedResponseTransferEncodings(String te) throws Exception {
    HttpParseException e = assertThrows(HttpParseException.class,
        () -> response("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: " + te + "\r\n\r\n"));
    assertEquals(502, e.status());
  }

  @Test
  void acceptsTransferCodingParameters() throws Exception {
    assertEquals(BodyFraming.Kind.CHUNKED, response("GET", "HTTP/1.1 200 OK\r\n"
        + "Transfer-Encoding: gzip;q=\"x\" ; level=1, chunked\r\n\r\n").kind());
  }

  @Test
  void extraBytesAfterANoBodyResponseAreNeverAResponse() throws Exception {
    // H8(a): 204 and 304 with a 10-byte body; the bytes do not parse as the next response
    for (String status : new String[] {"204 No Content", "304 Not Modified"}) {
      assertResponseFails("HTTP/1.1 " + status + "\r\nContent-Length: 10\r\n\r\n0123456789",
          "GET", "GET");
      HeadReader reader = new HeadReader(new ByteArrayInputStream(bytes("HTTP/1.1 " + status
          + "\r\n\r\n0123456789")), HttpLimits.defaults());
      ResponseHead head = reader.readResponse();
      assertEquals(BodyFraming.none().forResponse(), BodyFraming.forResponse("GET", head));
      assertEquals(10, reader.buffered(), "extra bytes show: do not reuse the connection");
    }
  }

  @Test
  void aHeadResponseHasNoBody() throws Exception {
    // H8(b)
    List<Feed.Response> responses = assertResponses("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
        + "\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", "HEAD", "GET");
    assertEquals("", responses.get(0).body());
    assertEquals("hi", responses.get(1).body());
  }

  @Test
  void aContentLengthBodyEndsExactly() throws Exception {
    // H8(c): the bytes after the body stay unread; they are the next "response"
    byte[] raw = bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil");
    Feed.everySplit(raw, (in, how) -> {
      HeadReader reader = new HeadReader(in, HttpLimits.defaults());
      ResponseHead head = reader.readResponse();
      BodyReader body = BodyReader.open(reader.body(),
          BodyFraming.forResponse("GET", head), HttpLimits.defaults());
      assertEquals("hello", Feed.text(body.readAllBytes()), how);
      assertTrue(body.isComplete());
      assertTrue(reader.awaitInput(), "unsolicited bytes are visible: " + how);
    });
  }

  @Test
  void aTruncatedContentLengthBodyIsNotComplete() throws Exception {
    // H8(d)
    byte[] raw = bytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
    Feed.everySplit(raw, (in, how) -> {
      HeadReader reader = new HeadReader(in, HttpLimits.defaults());
      BodyReader body = BodyReader.open(reader.body(),
          BodyFraming.forResponse("GET", reader.readResponse()), HttpLimits.defaults());
      TruncatedBodyException e = assertThrows(TruncatedBodyException.class, body::readAllBytes);
      assertEquals("body ended after 10 of 1000 bytes", e.getMessage(), how);
      assertFalse(body.isComplete());
      assertEquals(10, body.bytesRead());
      assertThrows(TruncatedBodyException.class, body::read, "stays failed");
      assertThrows(IllegalStateException.class, body::trailers);
    });
  }

  @Test
  void interimResponsesPrecedeTheFinalOne() throws Exception {
    // H8(e)
    List<Feed.Response> responses = assertResponses("HTTP/1.1 103 Early Hints\r\n"
        + "Link: </a.css>; rel=preload\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "GET");
    assertEquals(List.of(103, 100, 200), responses.stream().map(r -> r.head().status()).toList());
    assertEquals("ok", responses.get(2).body());
  }

  @Test
  void aResponseWithoutFramingRunsToTheEnd() throws Exception {
    // H8(f)
    Feed.Response response = assertResponses("HTTP/1.1 200 OK\r\n\r\nall of this\r\n\r\nand this",
        "GET").get(0);
    assertEquals(BodyFraming.closeDelimited(), response.framing());
    assertEquals("all of this\r\n\r\nand this", response.body());
  }

  @Test
  void aRefusedUpgradeStaysHttp() throws Exception {
    // D3(a): the next pipelined request is parsed as HTTP
    List<Feed.Request> requests = assertRequests("GET /chat HTTP/1.1\r\nHost: a\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n",
        2);
    assertEquals("/next", requests.get(1).head().target());
    List<Feed.Response> responses = assertResponses("HTTP/1.1 426 Upgrade Required\r\n"
        + "Content-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", "GET", "GET");
    assertEquals(426, responses.get(0).head().status());
  }

  @Test
  void afterA101TheRestIsOpaque() throws Exception {
    // D3(b): everything after the 101 head is available unparsed, frames included
    String frames = "\u0081\u0085HTTP/1.1 200 OK\r\n\r\n\u0000\u00ff";
    byte[] raw = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\n\r\n" + frames);
    Feed.everySplit(raw, (in, how) -> {
      HeadReader reader = new HeadReader(in, HttpLimits.defaults());
      ResponseHead head = reader.readResponse();
      assertEquals(101, head.status());
      assertEquals(BodyFraming.Kind.NONE, BodyFraming.forResponse("GET", head).kind());
      assertEquals(frames, Feed.text(Feed.readAll(reader.body())), how);
    });
  }
}
