package org.sockstap.protocols.http.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sockstap.core.testing.jmh.ReplayInput;
import org.sockstap.protocols.http.cache.CacheKey;
import org.sockstap.protocols.http.wire.HeadReader;
import org.sockstap.protocols.http.wire.HttpLimits;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * The HTTP cache's keys for a browser's request: the primary key ({@link CacheKey#of}), made for
 * every GET, and the variant key ({@link CacheKey#variant}) a response with {@code Vary:
 * Accept-Encoding} selects, made for every lookup and store of such a response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheKeyBenchmark {
  private RequestHead request;
  private ResponseHead response;

  /** Parses the request and response the keys are made from. */
  @Setup
  public void setUp() throws IOException {
    HttpLimits limits = HttpLimits.defaults();
    request = new HeadReader(ReplayInput.of(SampleMessages.browserRequest(SampleMessages.TARGET)),
        limits).readRequest();
    response = new HeadReader(ReplayInput.of(
        SampleMessages.serverResponse("Tue, 11 Jun 2024 10:00:00 GMT", true, 48213)), limits)
        .readResponse();
    String expected = "15:accept-encoding=20:gzip,deflate,br,zstd;";
    if (!expected.equals(variantKey())) {
      throw new IllegalStateException("variant key: " + variantKey() + " (expected: "
          + expected + ")");
    }
  }

  /** The primary key: method, SOCKS destination, Host and target. */
  @Benchmark
  public String primaryKey() {
    String host = request.headers().first("Host");
    return CacheKey.of("www.example.com", 80, host == null ? "" : host, request.method(),
        request.target());
  }

  /** The variant key for {@code Vary: Accept-Encoding}. */
  @Benchmark
  public @Nullable String variantKey() {
    return CacheKey.variant(response.headers(), request.headers());
  }
}
