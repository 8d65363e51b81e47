package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedOutputStreamTest {

  @Test
  void writesChunksAndTheLastChunk() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedOutputStream chunked = new ChunkedOutputStream(out);
    chunked.write(Feed.bytes("hello"));
    chunked.write(new byte[0]);
    chunked.write(Feed.bytes("0123456789abcdef"), 0, 16);
    chunked.write('!');
    assertFalse(chunked.isFinished());
    chunked.finish(null);
    assertTrue(chunked.isFinished());
    assertEquals("5\r\nhello\r\n10\r\n0123456789abcdef\r\n1\r\n!\r\n0\r\n\r\n",
        Feed.text(out.toByteArray()));
  }

  @Test
  void writesTrailers() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedOutputStream chunked = new ChunkedOutputStream(out);
    chunked.write(Feed.bytes("x"));
    chunked.finish(new Headers().add("X-Checksum", "abc").add("X-B", "2"));
    assertEquals("1\r\nx\r\n0\r\nX-Checksum: abc\r\nX-B: 2\r\n\r\n",
        Feed.text(out.toByteArray()));
  }

  @Test
  void closeOnlyFlushes() throws Exception {
    boolean[] closed = {false};
    int[] flushes = {0};
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
        sink.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        sink.write(b, off, len);
      }

      @Override
      public void flush() {
        flushes[0]++;
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    try (ChunkedOutputStream chunked = new ChunkedOutputStream(out)) {
      chunked.write(Feed.bytes("abc"));
    }
    assertFalse(closed[0], "the connection's stream stays open");
    assertEquals(1, flushes[0]);
    assertEquals("3\r\nabc\r\n", Feed.text(sink.toByteArray()), "close does not finish");
  }

  @Test
  void refusesToWriteAfterFinishing() throws Exception {
    ChunkedOutputStream chunked = new ChunkedOutputStream(new ByteArrayOutputStream());
    chunked.finish(null);
    assertThrows(IOException.class, () -> chunked.write(1));
    assertThrows(IllegalStateException.class, () -> chunked.finish(null));
  }

  @Test
  void writesEachChunkInOneWrite() throws Exception {
    int[] writes = {0};
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream counting = new OutputStream() {
      @Override
      public void write(int b) {
        throw new AssertionError("single-byte write");
      }

      @Override
      public void write(byte[] b, int off, int len) {
        writes[0]++;
        sink.write(b, off, len);
      }
    };
    ChunkedOutputStream chunked = new ChunkedOutputStream(counting);
    chunked.write(new byte[ChunkedOutputStream.MAX_CHUNK * 2 + 1]);
    assertEquals(3, writes[0]);
    chunked.finish(null);
    assertEquals(4, writes[0]);
    BodyReader decoded = BodyReader.open(new ByteArrayInputStream(sink.toByteArray()),
        BodyFraming.chunked(), HttpLimits.defaults());
    assertEquals(ChunkedOutputStream.MAX_CHUNK * 2 + 1, decoded.readAllBytes().length);
  }

  @Test
  void roundTripsRandomWritesThroughTheDecoder() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      ChunkedOutputStream chunked = new ChunkedOutputStream(wire);
      int writes = random.nextInt(20);
      for (int i = 0; i < writes; i++) {
        int size = random.nextInt(4) == 0 ? random.nextInt(40_000) : random.nextInt(300);
        byte[] data = new byte[size];
        random.nextBytes(data);
        chunked.write(data);
        expected.write(data);
      }
      Headers trailers = random.nextBoolean() ? new Headers().add("X-R", "" + round) : null;
      chunked.finish(trailers);
      byte[] next = Feed.bytes("NEXT");
      wire.write(next);
      byte[] encoded = wire.toByteArray();
      // read through a source that stops at random points, as sockets do
      int[] cuts = random.ints(random.nextInt(50), 1, Math.max(2, encoded.length))
          .sorted().distinct().toArray();
      SlicedInputStream source = new SlicedInputStream(encoded, cuts);
      HeadReader owner = new HeadReader(source, HttpLimits.defaults());
      BodyReader body = BodyReader.open(owner.body(), BodyFraming.chunked(),
          HttpLimits.defaults());
      assertArrayEquals(expected.toByteArray(), body.readAllBytes(), "round " + round);
      assertEquals(trailers == null ? new Headers() : trailers, body.trailers());
      assertArrayEquals(next, Feed.readAll(owner.body()), "round " + round);
    }
  }
}
