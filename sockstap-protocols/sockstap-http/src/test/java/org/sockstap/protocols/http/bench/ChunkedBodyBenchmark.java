package org.sockstap.protocols.http.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sockstap.core.testing.jmh.ReplayInput;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.BodyReader;
import org.sockstap.protocols.http.wire.HeadReader;
import org.sockstap.protocols.http.wire.HttpLimits;

/**
 * Reading a whole response body through the production {@link BodyReader} on top of {@link
 * HeadReader#body()}, as the proxy does, in 16 KiB reads (the proxy's copy buffer): a chunked
 * body in 4 KiB chunks, and for comparison the same bytes with a Content-Length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkedBodyBenchmark {
  private static final int CHUNK = 4096;

  /** The decoded body's size in bytes: 64 KiB or 1 MiB. */
  @Param({"65536", "1048576"})
  public int size;

  private final HttpLimits limits = HttpLimits.defaults();
  private final byte[] scratch = new byte[16 * 1024];
  private ReplayInput chunkedInput;
  private ReplayInput plainInput;
  private HeadReader chunkedConnection;
  private HeadReader plainConnection;

  /** Encodes the body both ways and checks both decode to its size. */
  @Setup
  public void setUp() throws IOException {
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    ByteArrayOutputStream chunked = new ByteArrayOutputStream(size + size / 64 + 16);
    for (int off = 0; off < size; off += CHUNK) {
      int n = Math.min(CHUNK, size - off);
      chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunked.write(data, off, n);
      chunked.writeBytes(new byte[] {'\r', '\n'});
    }
    chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    chunkedInput = ReplayInput.of(chunked.toByteArray());
    plainInput = ReplayInput.of(data);
    // one reader per connection, reused: each body ends exactly where the input does
    chunkedConnection = new HeadReader(chunkedInput, limits);
    plainConnection = new HeadReader(plainInput, limits);
    for (int i = 0; i < 2; i++) {
      if (chunked() != size || contentLength() != size) {
        throw new IllegalStateException("body not decoded to " + size + " bytes");
      }
    }
  }

  /** A chunked body in 4 KiB chunks, decoded. */
  @Benchmark
  public long chunked() throws IOException {
    chunkedInput.rewind();
    return drain(chunkedConnection.bodyReader(BodyFraming.chunked().forResponse()));
  }

  /** The same data with a Content-Length: the framing's baseline. */
  @Benchmark
  public long contentLength() throws IOException {
    plainInput.rewind();
    return drain(plainConnection.bodyReader(BodyFraming.contentLength(size).forResponse()));
  }

  private long drain(BodyReader body) throws IOException {
    long total = 0;
    for (int n; (n = body.read(scratch)) >= 0; ) {
      total += n;
    }
    if (!body.isComplete()) {
      throw new IllegalStateException("body not complete after " + total + " bytes");
    }
    return total;
  }
}
