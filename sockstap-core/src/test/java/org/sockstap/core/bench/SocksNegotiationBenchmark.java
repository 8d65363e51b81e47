package org.sockstap.core.bench;

import static org.sockstap.core.testing.Bytes.ascii;
import static org.sockstap.core.testing.Bytes.concat;
import static org.sockstap.core.testing.Bytes.hex;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.sockstap.core.internal.socks.Reply;
import org.sockstap.core.internal.socks.SocksNegotiator;
import org.sockstap.core.internal.socks.SocksReplies;
import org.sockstap.core.internal.socks.SocksRequest;
import org.sockstap.core.internal.socks.SocksSettings;
import org.sockstap.core.testing.jmh.ReplayInput;
import org.sockstap.core.testing.jmh.SinkOutput;

/**
 * The server side of one SOCKS negotiation, from the version byte to the parsed request, through
 * the production {@link SocksNegotiator} (and its {@code HandshakeReader}) over in-memory
 * streams. The client's bytes arrive as a real client sends them: a SOCKS5 greeting, then
 * (after the method reply) the credentials and the request, each in its own read; a SOCKS4a
 * request in one. Replies are copied to a buffer, as a socket would take them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SocksNegotiationBenchmark {
  private static final byte[] GREETING = hex("05 01 00");
  private static final byte[] GREETING_WITH_PASSWORD = hex("05 02 00 02");
  private static final byte[] PASSWORD = concat(hex("01 05"), ascii("alice"), hex("06"),
      ascii("secret"));
  private static final byte[] CONNECT_IPV4 = hex("05 01 00 01 5d b8 d7 0e 00 50");
  private static final byte[] CONNECT_DOMAIN =
      concat(hex("05 01 00 03 0f"), ascii("www.example.com"), hex("01 bb"));
  private static final byte[] CONNECT_IPV6 =
      hex("05 01 00 04 20 01 0d b8 85 a3 00 00 00 00 8a 2e 03 70 73 34 01 bb");
  private static final byte[] SOCKS4A = concat(hex("04 01 00 50 00 00 00 01"), ascii("alice"),
      hex("00"), ascii("www.example.com"), hex("00"));

  private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 50_000);
  private final SinkOutput out = new SinkOutput();
  private SocksNegotiator open;
  private SocksNegotiator withPassword;
  private ReplayInput ipv4;
  private ReplayInput domain;
  private ReplayInput ipv6;
  private ReplayInput password;
  private ReplayInput socks4a;
  private InetSocketAddress bound;

  /** Builds the negotiators and the client bytes, and checks each case parses as intended. */
  @Setup
  public void setUp() throws IOException {
    open = new SocksNegotiator(new SocksSettings(true, true, null));
    withPassword = new SocksNegotiator(new SocksSettings(false, true,
        (user, pass, from) -> user.equals("alice") && pass.equals("secret")));
    ipv4 = ReplayInput.of(GREETING, CONNECT_IPV4);
    domain = ReplayInput.of(GREETING, CONNECT_DOMAIN);
    ipv6 = ReplayInput.of(GREETING, CONNECT_IPV6);
    password = ReplayInput.of(GREETING_WITH_PASSWORD, PASSWORD, CONNECT_DOMAIN);
    socks4a = ReplayInput.of(SOCKS4A);
    bound = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 5}), 49_152);
    expect(socks5Ipv4(), new Endpoint("93.184.215.14", 80));
    expect(socks5Domain(), new Endpoint("www.example.com", 443));
    expect(socks5Ipv6(), new Endpoint("2001:db8:85a3:0:0:8a2e:370:7334", 443));
    expect(socks5Password(), new Endpoint("www.example.com", 443));
    expect(socks4a(), new Endpoint("www.example.com", 80));
  }

  private static void expect(SocksRequest request, Endpoint destination) {
    if (!request.destination().equals(destination)) {
      throw new IllegalStateException(
          "destination: " + request.destination() + " (expected: " + destination + ")");
    }
  }

  /** SOCKS5, no authentication, CONNECT to an IPv4 address. */
  @Benchmark
  public SocksRequest socks5Ipv4() throws IOException {
    ipv4.rewind();
    return open.negotiate(ipv4, out, client);
  }

  /** SOCKS5, no authentication, CONNECT to a host name (what curl --socks5-hostname sends). */
  @Benchmark
  public SocksRequest socks5Domain() throws IOException {
    domain.rewind();
    return open.negotiate(domain, out, client);
  }

  /** SOCKS5, no authentication, CONNECT to an IPv6 address. */
  @Benchmark
  public SocksRequest socks5Ipv6() throws IOException {
    ipv6.rewind();
    return open.negotiate(ipv6, out, client);
  }

  /** SOCKS5 with RFC 1929 username and password, CONNECT to a host name. */
  @Benchmark
  public SocksRequest socks5Password() throws IOException {
    password.rewind();
    return withPassword.negotiate(password, out, client);
  }

  /** SOCKS4a: user id and host name in one request. */
  @Benchmark
  public SocksRequest socks4a() throws IOException {
    socks4a.rewind();
    return open.negotiate(socks4a, out, client);
  }

  /** The SOCKS5 success reply with the bound IPv4 address, as sent after every connect. */
  @Benchmark
  public long socks5SuccessReply() throws IOException {
    SocksReplies.write(out, 5, Reply.SUCCEEDED, bound);
    return out.count();
  }
}
