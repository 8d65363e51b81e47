package org.sockstap.protocols.http;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
import org.sockstap.api.Endpoint;
import org.sockstap.core.cache.MemoryCache;
import org.sockstap.core.testing.jmh.ReplayInput;
import org.sockstap.protocols.http.bench.SampleMessages;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.HeadReader;
import org.sockstap.protocols.http.wire.HttpLimits;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * The HTTP cache's lookup for a browser's GET, through the production {@link ResponseCache}
 * (package-private, hence this package rather than {@code bench}): primary key, request
 * Cache-Control, store lookup, metadata decoding, variant check and the freshness decision,
 * then releasing the entry. Nothing is written to the client. The store is a {@link
 * MemoryCache}, so the figures are the HTTP layer's; {@code CacheStoreBenchmark} in core
 * measures the stores.
 *
 * <p>The entries are stored in setup through the production store path (a miss, then {@code
 * startStore}, the body through {@code tee}, {@code commit}), so their metadata is exactly what
 * the proxy writes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponseCacheBenchmark {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static final int BODY = 48213;

  private ResponseCache cache;
  private RequestHead plain;
  private RequestHead varying;
  private RequestHead absent;

  /** Stores a response without and one with Vary, and checks hits and the miss. */
  @Setup
  public void setUp() throws IOException {
    cache = new ResponseCache(new MemoryCache(64L << 20), null, "bench",
        new Endpoint("www.example.com", 80), Duration.ZERO, Duration.ofDays(1), 0.1);
    plain = request("/assets/js/app.3f9a1c.js?v=20240611");
    varying = request("/assets/css/site.9b2e7d.css");
    absent = request("/assets/img/not-stored.png");
    String now = ZonedDateTime.now(ZoneOffset.UTC).format(IMF_FIXDATE);
    store(plain, SampleMessages.serverResponse(now, false, BODY));
    store(varying, SampleMessages.serverResponse(now, true, BODY));
    if (!freshHit() || !varyHit() || miss()) {
      throw new IllegalStateException("cache does not answer as stored");
    }
  }

  private static RequestHead request(String target) throws IOException {
    return new HeadReader(ReplayInput.of(SampleMessages.browserRequest(target)),
        HttpLimits.defaults()).readRequest();
  }

  private void store(RequestHead request, byte[] responseBytes) throws IOException {
    ResponseHead response = new HeadReader(ReplayInput.of(responseBytes), HttpLimits.defaults())
        .readResponse();
    try (CachedExchange exchange = cache.start(request, BodyFraming.none(), null)) {
      if (exchange == null || exchange.hit()) {
        throw new IllegalStateException("expected a miss before storing " + request.target());
      }
      exchange.sent();
      if (!exchange.startStore(request, response, BodyFraming.forResponse("GET", response))) {
        throw new IllegalStateException("response for " + request.target() + " not storable");
      }
      OutputStream tee = exchange.tee(OutputStream.nullOutputStream());
      tee.write(new byte[BODY]);
      exchange.commit();
    }
  }

  private boolean lookUp(RequestHead request) {
    CachedExchange exchange = cache.start(request, BodyFraming.none(), null);
    if (exchange == null) {
      throw new IllegalStateException("GET bypassed the cache");
    }
    try {
      return exchange.hit();
    } finally {
      exchange.close();
    }
  }

  /** A fresh stored response without Vary. */
  @Benchmark
  public boolean freshHit() {
    return lookUp(plain);
  }

  /** A fresh stored response with {@code Vary: Accept-Encoding}: index, then variant. */
  @Benchmark
  public boolean varyHit() {
    return lookUp(varying);
  }

  /** Nothing stored for the request. */
  @Benchmark
  public boolean miss() {
    return lookUp(absent);
  }
}
