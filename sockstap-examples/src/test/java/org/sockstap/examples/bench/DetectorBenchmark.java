package org.sockstap.examples.bench;

import java.nio.ByteBuffer;
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
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.Endpoint;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.examples.resp.RespDetector;
import org.sockstap.protocols.ftp.FtpDetector;
import org.sockstap.protocols.http.HttpDetector;
import org.sockstap.protocols.nntp.NntpDetector;
import org.sockstap.protocols.pop.Pop3Detector;
import org.sockstap.protocols.smtp.SmtpDetector;
import org.sockstap.protocols.tls.TlsDetector;

/**
 * Each shipped detector's {@code detect} on the complete first bytes of its own protocol, the
 * call that decides: the cost of recognising, per detector. {@link DetectionRoundBenchmark}
 * asks all of them at once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final ProtocolDetector http = new HttpDetector();
  private final ProtocolDetector tls = new TlsDetector();
  private final ProtocolDetector ftp = new FtpDetector();
  private final ProtocolDetector smtp = new SmtpDetector();
  private final ProtocolDetector pop3 = new Pop3Detector();
  private final ProtocolDetector nntp = new NntpDetector();
  private final ProtocolDetector resp = new RespDetector();
  private DetectionInput httpRequest;
  private DetectionInput tlsClientHello;
  private DetectionInput ftpGreeting;
  private DetectionInput ftpAfterUser;
  private DetectionInput smtpGreeting;
  private DetectionInput pop3Greeting;
  private DetectionInput nntpGreeting;
  private DetectionInput respCommand;

  /** Builds the inputs and checks that each detector recognises its own. */
  @Setup
  public void setUp() {
    httpRequest = client(Prefixes.HTTP_REQUEST, 80);
    tlsClientHello = client(Prefixes.tlsClientHello(), 443);
    ftpGreeting = server(Prefixes.FTP_GREETING, 21);
    ftpAfterUser = new DetectionInput(ByteBuffer.wrap(Prefixes.FTP_USER),
        ByteBuffer.wrap(Prefixes.AMBIGUOUS_GREETING), new Endpoint("ftp.example.com", 21), false,
        false);
    smtpGreeting = server(Prefixes.SMTP_GREETING, 25);
    pop3Greeting = server(Prefixes.POP3_GREETING, 110);
    nntpGreeting = server(Prefixes.NNTP_GREETING, 119);
    respCommand = client(Prefixes.RESP_COMMAND, 6379);
    Detection[] verdicts = {http(), tls(), ftp(), ftpAfterUser(), smtp(), pop3(), nntp(), resp()};
    for (int i = 0; i < verdicts.length; i++) {
      if (verdicts[i] != Detection.RECOGNISED) {
        throw new IllegalStateException("case " + i + ": " + verdicts[i]
            + " (expected: RECOGNISED)");
      }
    }
  }

  private static DetectionInput client(byte[] bytes, int port) {
    return new DetectionInput(ByteBuffer.wrap(bytes), NOTHING, new Endpoint("example.com", port),
        false, false);
  }

  private static DetectionInput server(byte[] bytes, int port) {
    return new DetectionInput(NOTHING, ByteBuffer.wrap(bytes), new Endpoint("example.com", port),
        false, false);
  }

  /** HTTP: a browser's request line. */
  @Benchmark
  public Detection http() {
    return http.detect(httpRequest);
  }

  /** TLS: a ClientHello record. */
  @Benchmark
  public Detection tls() {
    return tls.detect(tlsClientHello);
  }

  /** FTP: a greeting that names the server software. */
  @Benchmark
  public Detection ftp() {
    return ftp.detect(ftpGreeting);
  }

  /** FTP: a greeting that could be SMTP, then the client's {@code USER}. */
  @Benchmark
  public Detection ftpAfterUser() {
    return ftp.detect(ftpAfterUser);
  }

  /** SMTP: Postfix's greeting. */
  @Benchmark
  public Detection smtp() {
    return smtp.detect(smtpGreeting);
  }

  /** POP3: Dovecot's greeting. */
  @Benchmark
  public Detection pop3() {
    return pop3.detect(pop3Greeting);
  }

  /** NNTP: INN's greeting. */
  @Benchmark
  public Detection nntp() {
    return nntp.detect(nntpGreeting);
  }

  /** RESP (the example plugin): a Redis command array. */
  @Benchmark
  public Detection resp() {
    return resp.detect(respCommand);
  }
}
