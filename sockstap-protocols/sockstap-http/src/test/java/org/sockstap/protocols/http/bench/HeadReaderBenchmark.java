package org.sockstap.protocols.http.bench;

import java.io.IOException;
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
import org.sockstap.core.testing.jmh.ReplayInput;
import org.sockstap.protocols.http.wire.HeadReader;
import org.sockstap.protocols.http.wire.HttpLimits;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

/**
 * Parsing one head with the production {@link HeadReader}: a browser's request (11 fields) and
 * a server's response (11 fields), each arriving in one read as on a keep-alive connection
 * where the reader and its buffers already exist; and the request as the first one of a new
 * connection, which also creates the reader.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeadReaderBenchmark {
  private final HttpLimits limits = HttpLimits.defaults();
  private HeadReader requests;
  private HeadReader responses;
  private ReplayInput firstRequest;

  /** Builds the readers over endless input and checks each head parses as intended. */
  @Setup
  public void setUp() throws IOException {
    byte[] request = SampleMessages.browserRequest(SampleMessages.TARGET);
    requests = new HeadReader(ReplayInput.cyclic(request), limits);
    responses = new HeadReader(ReplayInput.cyclic(
        SampleMessages.serverResponse("Tue, 11 Jun 2024 10:00:00 GMT", true, 48213)), limits);
    firstRequest = ReplayInput.of(request);
    for (int i = 0; i < 3; i++) {
      RequestHead head = keepAliveRequest();
      if (!head.target().equals(SampleMessages.TARGET) || head.headers().size() != 11) {
        throw new IllegalStateException("request parsed as " + head);
      }
      ResponseHead response = keepAliveResponse();
      if (response.status() != 200 || response.headers().size() != 11) {
        throw new IllegalStateException("response parsed as " + response);
      }
    }
    if (newConnectionRequest().headers().size() != 11) {
      throw new IllegalStateException("first request not parsed");
    }
  }

  /** The next request on a keep-alive connection. */
  @Benchmark
  public RequestHead keepAliveRequest() throws IOException {
    return requests.readRequest();
  }

  /** The next response on a keep-alive connection. */
  @Benchmark
  public ResponseHead keepAliveResponse() throws IOException {
    return responses.readResponse();
  }

  /** The first request of a connection, with the reader it creates. */
  @Benchmark
  public RequestHead newConnectionRequest() throws IOException {
    firstRequest.rewind();
    return new HeadReader(firstRequest, limits).readRequest();
  }
}
