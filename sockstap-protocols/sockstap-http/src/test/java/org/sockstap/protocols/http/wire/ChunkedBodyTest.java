package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.sockstap.protocols.http.wire.Feed.assertRequestFails;
import static org.sockstap.protocols.http.wire.Feed.assertRequests;
import static org.sockstap.protocols.http.wire.Feed.assertResponseFails;
import static org.sockstap.protocols.http.wire.Feed.bytes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chunked bodies: the H4 table, trailers, truncation, split reads and a chunk flood. */
class ChunkedBodyTest {

  private static final String HEAD =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
  private static final String RESPONSE_HEAD =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  static Stream<Arguments> malformedChunks() {
    return Stream.of(
        arguments("17 hex digits", "FFFFFFFFFFFFFFFF1\r\nx\r\n0\r\n\r\n"),
        arguments("16 hex digits past a long", "8000000000000000\r\nx\r\n0\r\n\r\n"),
        arguments("+a", "+a\r\n0123456789\r\n0\r\n\r\n"),
        arguments("-1", "-1\r\nx\r\n0\r\n\r\n"),
        arguments("0x5", "0x5\r\nhello\r\n0\r\n\r\n"),
        arguments("fullwidth a", "\u00ef\u00bd\u0081\r\nx\r\n0\r\n\r\n"),
        arguments("empty size", "\r\nhello\r\n0\r\n\r\n"),
        arguments("space before size", " 5\r\nhello\r\n0\r\n\r\n"),
        arguments("space after size", "5 \r\nhello\r\n0\r\n\r\n"),
        arguments("tab after size", "5\t\r\nhello\r\n0\r\n\r\n"),
        arguments("bare LF in extension", "5;a\nb\r\nhello\r\n0\r\n\r\n"),
        arguments("bare LF after size", "5\nhello\r\n0\r\n\r\n"),
        arguments("bare CR after size", "5\rhello\r\n0\r\n\r\n"),
        arguments("CRLF in quoted extension", "5;a=\"x\r\ny\"\r\nhello\r\n0\r\n\r\n"),
        arguments("unterminated quoted extension", "5;a=\"x\r\nhello\r\n0\r\n\r\n"),
        arguments("NUL in quoted extension", "5;a=\"x\u0000\"\r\nhello\r\n0\r\n\r\n"),
        arguments("extension without name", "5;\r\nhello\r\n0\r\n\r\n"),
        arguments("extension with empty value", "5;a=\r\nhello\r\n0\r\n\r\n"),
        arguments("extension name not a token", "5;a@b\r\nhello\r\n0\r\n\r\n"),
        arguments("extension with two values", "5;a=b c\r\nhello\r\n0\r\n\r\n"),
        arguments("missing CRLF after data", "5\r\nhelloXX0\r\n\r\n"),
        arguments("LF only after data", "5\r\nhello\n0\r\n\r\n"),
        arguments("CR only after data", "5\r\nhello\r0\r\n\r\n"),
        arguments("more data than the size", "3\r\nhello\r\n0\r\n\r\n"),
        arguments("64 KiB extension", "5;a=" + "b".repeat(64 * 1024) + "\r\nhello\r\n0\r\n\r\n"),
        arguments("trailer line without a colon", "0\r\nX-Trailer\r\n\r\n"),
        arguments("trailer with space before colon", "0\r\nX-T : 1\r\n\r\n"),
        arguments("trailer obs-fold", "0\r\nX-T: 1\r\n 2\r\n\r\n"),
        arguments("trailer with bare LF", "0\r\nX-T: 1\n\r\n"),
        arguments("last chunk with bare LF", "0\n\r\n"),
        arguments("final bare LF", "0\r\n\n"),
        arguments("trailer name with NUL", "0\r\nX-\u0000: 1\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedChunks")
  void rejectsMalformedChunksInRequestsWith400(String name, String body) throws Exception {
    String raw = HEAD + body;
    if (raw.length() > 10_000) {
      for (int k : new int[] {HEAD.length() + 1, HEAD.length() + 4000, raw.length() - 3}) {
        HttpParseException e = assertThrows(HttpParseException.class,
            () -> Feed.requests(new SlicedInputStream(bytes(raw), k)));
        assertEquals(400, e.status());
      }
      return;
    }
    assertRequestFails(raw, 400);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedChunks")
  void rejectsMalformedChunksInResponsesWith502(String name, String body) throws Exception {
    if (body.length() > 10_000) {
      return;
    }
    assertResponseFails(RESPONSE_HEAD + body, "GET");
  }

  static Stream<Arguments> validChunks() {
    return Stream.of(
        arguments("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("no data", "0\r\n\r\n", ""),
        arguments("leading zeros", "0005\r\nhello\r\n000\r\n\r\n", "hello"),
        arguments("upper and lower hex", "a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n",
            "01234567890123456789"),
        arguments("extensions", "5;a;b=c ; d = \"e\\\"f\" ;g=h\r\nhello\r\n0;last\r\n\r\n",
            "hello"),
        arguments("quoted extension with obs-text", "5;a=\"\u00e9\\\t\"\r\nhello\r\n0\r\n\r\n",
            "hello"),
        arguments("terminator inside data", "c\r\n0\r\n\r\nGET / H\r\n0\r\n\r\n",
            "0\r\n\r\nGET / H"),
        arguments("many chunks", "1\r\na\r\n2\r\nbc\r\n3\r\ndef\r\n0\r\n\r\n", "abcdef"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validChunks")
  void decodesValidChunksAtEverySplit(String name, String body, String decoded)
      throws Exception {
    List<Feed.Request> requests =
        assertRequests(HEAD + body + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n", 2);
    assertEquals(decoded, requests.get(0).body());
    assertEquals("/next", requests.get(1).head().target());
  }

  @Test
  void aLargeSizeIsNotTruncatedToAnInt() throws Exception {
    // 0x100000004 is 4 GiB + 4: an int parser would read 4 and take "hello..." as a new request
    BodyReader body = BodyReader.open(new ByteArrayInputStream(bytes("100000004\r\nabcd")),
        BodyFraming.chunked(), HttpLimits.defaults());
    byte[] buffer = new byte[100];
    assertEquals(4, body.read(buffer));
    TruncatedBodyException e = assertThrows(TruncatedBodyException.class, body::read);
    assertTrue(e.getMessage().contains("after 4 bytes"), e.getMessage());
    BodyReader max = BodyReader.open(new ByteArrayInputStream(bytes("7fffffffffffffff\r\nab")),
        BodyFraming.chunked(), HttpLimits.defaults());
    assertEquals(2, max.read(buffer));
  }

  @Test
  void exposesTrailersWithoutMergingThem() throws Exception {
    String raw = HEAD + "5\r\nhello\r\n0\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n"
        + "Host: evil.test\r\nX-Checksum: abc\r\n\r\n";
    Feed.Request request = assertRequests(raw, 1).get(0);
    assertEquals("hello", request.body());
    Headers trailers = request.trailers();
    assertEquals(4, trailers.size());
    assertFalse(request.head().headers().contains("Content-Length"));
    assertEquals("a", request.head().headers().first("Host"));
    HopByHop.stripTrailers(trailers);
    assertEquals(List.of(new HeaderField("X-Checksum", "abc")), trailers.fields());
  }

  @Test
  void boundsTheTrailerSection() throws Exception {
    HttpLimits limits = new HttpLimits(8192, 65536, 2, 4096, 32);
    BodyReader big = BodyReader.open(new ByteArrayInputStream(bytes("0\r\nX-A: " + "a".repeat(30)
        + "\r\n\r\n")), BodyFraming.chunked(), limits);
    assertEquals(431, assertThrows(HttpParseException.class, big::read).status());
    BodyReader many = BodyReader.open(new ByteArrayInputStream(bytes("0\r\nA: 1\r\nB: 2\r\n"
        + "C: 3\r\n\r\n")), BodyFraming.chunked(), limits);
    assertEquals(431, assertThrows(HttpParseException.class, many::read).status());
    BodyReader fits = BodyReader.open(new ByteArrayInputStream(bytes("0\r\nA: 1\r\nB: 2\r\n\r\n")),
        BodyFraming.chunked(), limits);
    assertEquals(-1, fits.read());
    assertEquals(2, fits.trailers().size());
    BodyReader response = BodyReader.open(new ByteArrayInputStream(bytes("0\r\nA: 1\r\nB: 2\r\n"
        + "C: 3\r\n\r\n")), BodyFraming.chunked().forResponse(), limits);
    assertEquals(502, assertThrows(HttpParseException.class, response::read).status());
  }

  @Test
  void boundsTheChunkLine() throws Exception {
    HttpLimits limits = new HttpLimits(8192, 65536, 100, 8, 16384);
    BodyReader fits = BodyReader.open(new ByteArrayInputStream(bytes("5;a=bcde\r\nhello\r\n0\r\n"
        + "\r\n")), BodyFraming.chunked(), limits);
    assertEquals("hello", Feed.text(fits.readAllBytes()));
    BodyReader tooLong = BodyReader.open(new ByteArrayInputStream(bytes("5;a=bcdef\r\nhello\r\n"
        + "0\r\n\r\n")), BodyFraming.chunked(), limits);
    assertEquals(400, assertThrows(HttpParseException.class, tooLong::read).status());
  }

  static Stream<Arguments> truncatedBodies() {
    return Stream.of(
        arguments("nothing", ""),
        arguments("in the size line", "5"),
        arguments("after the size line", "5\r\n"),
        arguments("in the data", "5\r\nhel"),
        arguments("before the CRLF after data", "5\r\nhello"),
        arguments("between CR and LF after data", "5\r\nhello\r"),
        arguments("without the last chunk", "5\r\nhello\r\n"),
        arguments("in the last chunk", "5\r\nhello\r\n0"),
        arguments("before the final CRLF", "5\r\nhello\r\n0\r\n"),
        arguments("in a trailer", "5\r\nhello\r\n0\r\nX-T: 1"),
        arguments("after a trailer", "5\r\nhello\r\n0\r\nX-T: 1\r\n"),
        arguments("in the final CRLF", "5\r\nhello\r\n0\r\n\r"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncatedBodies")
  void aTruncatedChunkedBodyIsNeverComplete(String name, String body) throws Exception {
    Feed.everySplit(bytes(body), (in, how) -> {
      BodyReader reader = BodyReader.open(in, BodyFraming.chunked(), HttpLimits.defaults());
      assertThrows(TruncatedBodyException.class, reader::readAllBytes, how);
      assertFalse(reader.isComplete());
    });
  }

  @Test
  void decodesWhenTheSourceGivesOneBytePerRead() throws Exception {
    String body = "5\r\nhello\r\n1;x=y\r\n \r\n6\r\nworld!\r\n0\r\nX-A: 1\r\n\r\nNEXT";
    SlicedInputStream source = SlicedInputStream.oneByteAtATime(bytes(body));
    BodyReader reader = BodyReader.open(source, BodyFraming.chunked(), HttpLimits.defaults());
    assertEquals("hello world!", Feed.text(reader.readAllBytes()));
    assertEquals("1", reader.trailers().first("X-A"));
    assertEquals(body.length() - 4, source.position(), "nothing read past the body");
    assertEquals(12, reader.bytesRead());
  }

  @Test
  void contentLengthBodiesStopAtTheirEnd() throws Exception {
    SlicedInputStream source = SlicedInputStream.oneByteAtATime(bytes("helloNEXT"));
    BodyReader reader = BodyReader.open(source, BodyFraming.contentLength(5),
        HttpLimits.defaults());
    assertEquals("hello", Feed.text(reader.readAllBytes()));
    assertEquals(5, source.position());
    assertTrue(reader.isComplete());
    assertTrue(reader.trailers().isEmpty());
    assertEquals(0, reader.skipRemaining());
    BodyReader empty = BodyReader.open(source, BodyFraming.contentLength(0),
        HttpLimits.defaults());
    assertEquals(-1, empty.read());
    assertEquals(-1, BodyReader.open(source, BodyFraming.none(), HttpLimits.defaults()).read());
    assertEquals(5, source.position());
  }

  @Test
  void skipsTheRestOfABodySoTheNextMessageCanBeRead() throws Exception {
    HeadReader reader = new HeadReader(new ByteArrayInputStream(bytes(HEAD
        + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n")),
        HttpLimits.defaults());
    BodyReader body = reader.bodyReader(BodyFraming.forRequest(reader.readRequest()));
    assertEquals('h', body.read());
    assertEquals(9, body.skipRemaining());
    assertEquals("/next", reader.readRequest().target());
  }

  @Test
  void decodesTwoHundredThousandOneByteChunksQuicklyInFlatMemory() {
    int chunks = 200_000;
    byte[] raw = bytes("1\r\nx\r\n".repeat(chunks) + "0\r\n\r\n");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      // through a HeadReader's buffer, as the handler reads it
      HeadReader head = new HeadReader(new ByteArrayInputStream(raw), HttpLimits.defaults());
      assertEquals(chunks, count(BodyReader.open(head.body(), BodyFraming.chunked(),
          HttpLimits.defaults())));
      // and straight from a source that gives one slice of 1000 bytes per read
      int[] cuts = new int[raw.length / 1000];
      for (int i = 0; i < cuts.length; i++) {
        cuts[i] = (i + 1) * 1000;
      }
      assertEquals(chunks, count(BodyReader.open(new SlicedInputStream(raw, cuts),
          BodyFraming.chunked(), HttpLimits.defaults())));
    });
  }

  private static long count(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = body.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
