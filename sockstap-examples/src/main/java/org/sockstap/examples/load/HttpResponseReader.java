package org.sockstap.examples.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads one HTTP/1.1 response with a {@code Content-Length} body, without allocating. The head is
 * read in reads of at most 4 KiB into a heap array and parsed there; the body is read into a
 * direct buffer and dropped, so its bytes are never copied out of the kernel's way (a heap buffer
 * would make the JDK copy every body byte once more, which at 1 MiB per response costs the client
 * a quarter of what the proxy spends). Chunked bodies are not supported (the targets never send
 * them), nor is anything after the body (no pipelining).
 */
final class HttpResponseReader {
  /** What {@link #read} found. */
  enum Outcome {
    /** A 200 whose body was read; the connection may carry another request. */
    KEEP_ALIVE,
    /** A 200 whose body was read, with {@code Connection: close}. */
    CLOSE,
    /** Not a well-formed 200 with a length, or the connection ended early. */
    BAD
  }

  /** The most of the head (and what follows it) taken per read. */
  private static final int HEAD_READ = 4096;

  private final byte[] buffer;
  private final ByteBuffer wrapped;
  private final ByteBuffer body;
  private long bodyBytes;
  private boolean hit;

  /**
   * @param headBytes the longest head accepted
   * @param bodyChunk the largest body read
   */
  HttpResponseReader(int headBytes, int bodyChunk) {
    this.buffer = new byte[headBytes];
    this.wrapped = ByteBuffer.wrap(buffer);
    this.body = ByteBuffer.allocateDirect(bodyChunk);
  }

  /** The body length of the last response read. */
  long bodyBytes() {
    return bodyBytes;
  }

  /** Whether the last response said it was a cache hit ({@code X-Cache: HIT...} or a
   * {@code Cache-Status} member with the {@code hit} parameter). */
  boolean hit() {
    return hit;
  }

  /**
   * Reads the response to a request already sent.
   *
   * @param in the connection, blocking
   * @return what came
   * @throws IOException if the connection fails or is closed by a guard
   */
  Outcome read(ReadableByteChannel in) throws IOException {
    byte[] b = buffer;
    int have = 0;
    int headEnd = -1;
    while (headEnd < 0) {
      if (have == b.length) {
        return Outcome.BAD;
      }
      int n = read(in, have, Math.min(HEAD_READ, b.length - have));
      if (n < 0) {
        return Outcome.BAD;
      }
      int from = Math.max(0, have - 3);
      have += n;
      headEnd = Ascii.indexOfBlankLine(b, from, have);
    }
    if (headEnd < 12 || !startsWith(b, 0, "HTTP/1.") || b[8] != ' ' || b[9] != '2'
        || b[10] != '0' || b[11] != '0') {
      return Outcome.BAD;
    }
    long length = -1;
    boolean close = false;
    hit = false;
    int line = indexOfCrlf(b, 0, headEnd) + 2;
    while (line < headEnd) {
      int end = indexOfCrlf(b, line, headEnd + 2);
      int colon = Ascii.indexOf(b, line, end, ':');
      if (colon > 0) {
        int value = colon + 1;
        while (value < end && (b[value] == ' ' || b[value] == '\t')) {
          value++;
        }
        if (nameIs(b, line, colon, "content-length")) {
          length = digits(b, value, end);
        } else if (nameIs(b, line, colon, "connection")) {
          close |= Ascii.indexOfIgnoreCase(b, value, end, "close") >= 0;
        } else if (nameIs(b, line, colon, "x-cache")) {
          hit |= end - value >= 3 && Ascii.startsWithIgnoreCase(b, value, "hit");
        } else if (nameIs(b, line, colon, "cache-status")) {
          hit |= hasHitParameter(b, value, end);
        }
      }
      line = end + 2;
    }
    int bodyStart = headEnd + 4;
    long got = have - bodyStart;
    if (length < 0 || got > length) {
      return Outcome.BAD;
    }
    while (got < length) {
      body.clear().limit((int) Math.min(length - got, body.capacity()));
      int n = in.read(body);
      if (n < 0) {
        return Outcome.BAD;
      }
      got += n;
    }
    bodyBytes = length;
    return close ? Outcome.CLOSE : Outcome.KEEP_ALIVE;
  }

  private int read(ReadableByteChannel in, int offset, int length) throws IOException {
    wrapped.limit(offset + length).position(offset);
    return in.read(wrapped);
  }

  /** {@code ; hit} as a parameter of any member: {@code SocksTap; hit}, {@code X; hit; ttl=5}. */
  static boolean hasHitParameter(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ';') {
        continue;
      }
      int p = i + 1;
      while (p < to && (b[p] == ' ' || b[p] == '\t')) {
        p++;
      }
      if (to - p >= 3 && Ascii.startsWithIgnoreCase(b, p, "hit")
          && (p + 3 == to || ";,= \t".indexOf(b[p + 3]) >= 0)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfCrlf(byte[] b, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return to;
  }

  private static long digits(byte[] b, int from, int to) {
    long value = 0;
    int i = from;
    for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
      value = value * 10 + (b[i] - '0');
      if (value > 1L << 50) {
        return -1;
      }
    }
    return i == from ? -1 : value;
  }

  private static boolean nameIs(byte[] b, int from, int to, String name) {
    return to - from == name.length() && Ascii.startsWithIgnoreCase(b, from, name);
  }

  private static boolean startsWith(byte[] b, int from, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (b[from + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
