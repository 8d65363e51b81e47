package org.sockstap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseReaderTest {
  private final HttpResponseReader reader = new HttpResponseReader(4096, 1000);

  /** Hands out the bytes a few at a time, as a slow connection does. */
  private static ReadableByteChannel trickle(String text, int step) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return Channels.newChannel(new InputStream() {
      private int position;

      @Override
      public int read() {
        return position < bytes.length ? bytes[position++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position == bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, step), bytes.length - position);
        System.arraycopy(bytes, position, b, off, n);
        position += n;
        return n;
      }
    });
  }

  @Test
  void readsHeadAndBodyInAnyFragmentation() throws IOException {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nDate: x\r\n\r\n0123456789";
    for (int step = 1; step <= response.length(); step++) {
      assertEquals(HttpResponseReader.Outcome.KEEP_ALIVE, reader.read(trickle(response, step)));
      assertEquals(10, reader.bodyBytes());
      assertFalse(reader.hit());
    }
  }

  @Test
  void bodyLargerThanTheBufferIsReadAndDropped() throws IOException {
    String response = "HTTP/1.1 200 OK\r\ncontent-length: 10000\r\n\r\n" + "7".repeat(10_000);
    assertEquals(HttpResponseReader.Outcome.KEEP_ALIVE, reader.read(trickle(response, 3000)));
    assertEquals(10_000, reader.bodyBytes());
  }

  @Test
  void connectionCloseIsReported() throws IOException {
    assertEquals(HttpResponseReader.Outcome.CLOSE, reader.read(trickle(
        "HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n", 100)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "X-Cache: HIT from squid", "x-cache: hit", "Cache-Status: SocksTap; hit",
      "Cache-Status: SocksTap;hit;ttl=30", "Cache-Status: Edge; fwd=miss, SocksTap; hit"})
  void cacheHitsAreRecognised(String field) throws IOException {
    reader.read(trickle("HTTP/1.1 200 OK\r\n" + field + "\r\nContent-Length: 1\r\n\r\nx", 100));
    assertTrue(reader.hit(), field);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "X-Cache: MISS from squid", "Cache-Status: SocksTap; fwd=miss", "Cache-Status: hit",
      "Cache-Status: SocksTap; hits", "X-Hit: Cache-Status; hit"})
  void otherCacheFieldsAreNoHits(String field) throws IOException {
    reader.read(trickle("HTTP/1.1 200 OK\r\n" + field + "\r\nContent-Length: 1\r\n\r\nx", 100));
    assertFalse(reader.hit(), field);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n123",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n12",
      "SSH-2.0-OpenSSH\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"})
  void badResponsesAreBad(String response) throws IOException {
    assertEquals(HttpResponseReader.Outcome.BAD, reader.read(trickle(response, 7)));
  }

  @Test
  void aHeadLargerThanTheBufferIsBad() throws IOException {
    String response = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(5000) + "\r\n\r\n";
    assertEquals(HttpResponseReader.Outcome.BAD,
        reader.read(Channels.newChannel(
            new ByteArrayInputStream(response.getBytes(StandardCharsets.US_ASCII)))));
  }
}
