package org.sockstap.protocols.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.ConnectionInfo;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;
import org.sockstap.protocols.tls.ClientHelloParser.Result;
import org.sockstap.protocols.tls.ClientHelloParser.Status;

/**
 * Runs a TLS connection: reads the ClientHello, logs its server name and ALPN protocols, applies
 * the SNI policy, forwards the ClientHello unchanged and relays the rest of the connection
 * opaquely. SocksTap never decrypts anything.
 *
 * <p>The ClientHello is read record by record, using the record lengths, so not one byte after
 * it is consumed here (at most {@link ClientHelloParser#MAX_WIRE_LENGTH} bytes). Those bytes go
 * to the server exactly as they came, then {@link TappedConnection#handOverToRelay()} carries the
 * rest: the server sees the client's bytes byte for byte.
 *
 * <p>One access-log record per connection (logger {@code sockstap.access.tls}):
 *
 * <pre>
 * 127.0.0.1 alice www.example.com:443 sni=www.example.com alpn=h2,http/1.1 version=TLS1.3 outcome=relayed
 * 127.0.0.1 - 10.0.0.7:443 sni=- alpn=- version=TLS1.2 outcome=rejected reason=require-sni
 * </pre>
 *
 * <p>Fields: client address, SOCKS user, SOCKS destination, server name ({@code -} when absent,
 * {@code ?} when malformed), ALPN protocols, the highest version offered ({@code TLS1.3}, or hex
 * such as {@code 0x7f1c}), the outcome ({@code relayed} or {@code rejected}) and, when there is
 * one, the reason: the parameter that rejected the ClientHello, or {@code malformed-sni} /
 * {@code malformed-hello} for one that could not be read. Untrusted text is escaped ({@code
 * \xNN}). A {@link Transaction} is reported too: protocol {@code tls}, command {@code
 * CLIENTHELLO <sni>}, outcome {@code relayed} or {@code rejected}.
 *
 * <p>Parameters ({@link TappedConnection#params()}, from the builder's {@code protocolParam} or
 * the tap rule, for example {@code tls:::reject-sni=*.example.com}):
 *
 * <ul>
 *   <li>{@code reject-sni=<host list>}: reject a ClientHello whose server name is in the list;
 *   <li>{@code permit-sni=<host list>}: reject one whose server name is not in the list, or that
 *       has none; {@code reject-sni} is applied first;
 *   <li>{@code require-sni=true} (or just {@code require-sni}): reject one without a server name.
 * </ul>
 *
 * <p>Host lists use the server's rule syntax and see the server name in lower case, without a
 * trailing dot, with the destination port. When any of these is set, a ClientHello that cannot
 * be read (malformed, cut short) or whose server name is malformed is rejected too: it cannot be
 * shown to pass, and a server might read a name out of it that SocksTap did not. Without a
 * policy such a ClientHello is relayed untouched (and logged at DEBUG): SocksTap never breaks
 * what it does not understand. A malformed parameter fails the connection with an {@link
 * IllegalArgumentException}.
 *
 * <p>A rejection sends the client a fatal TLS alert ({@code unrecognized_name}, or {@code
 * decode_error} for an unreadable ClientHello) and ends the connection; nothing reaches the
 * server, and in lazy connect mode the server is never connected. A server name that differs
 * from a destination given as a name is logged at INFO, not blocked: SNI is the client's claim,
 * the SOCKS destination is where the bytes go.
 *
 * <p>Stateless apart from a small cache of compiled host lists; one instance serves every
 * connection. Found through {@link java.util.ServiceLoader}.
 */
public final class TlsHandler implements ProtocolHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TlsHandler.class);

  private static final int ALERT_UNRECOGNIZED_NAME = 112;
  private static final int ALERT_DECODE_ERROR = 50;
  private static final int INITIAL_BUFFER = 2048;
  private static final int MAX_DISCARDED = 64 * 1024;

  private final SniPolicy policy = new SniPolicy();

  /** Creates the handler; one instance serves every connection. */
  public TlsHandler() {}

  /**
   * Returns {@code "tls"}.
   *
   * @return {@code "tls"}
   */
  @Override
  public String protocol() {
    return "tls";
  }

  /**
   * Reads the ClientHello, logs it, applies the SNI policy, then forwards it and relays the
   * connection, or rejects it.
   *
   * @param connection the connection, the client's first bytes unread
   * @throws IOException when either side fails
   * @throws IllegalArgumentException when an SNI parameter is malformed
   */
  @Override
  public void handle(TappedConnection connection) throws IOException {
    long started = System.nanoTime();
    ConnectionInfo info = connection.info();
    Read read = readClientHello(connection.client().input());
    ClientHello hello = read.result.clientHello();
    String rejection = policy.rejection(connection, hello);
    if (hello == null) {
      LOG.debug("{} tls: ClientHello not understood after {} bytes ({}){}", info.id(),
          read.length, read.result.reason(),
          rejection == null ? ", relaying it untouched" : "");
    } else {
      logMismatch(info, hello);
    }
    String reason = rejection != null ? rejection
        : hello == null ? SniPolicy.MALFORMED_HELLO
        : hello.malformedSni() ? SniPolicy.MALFORMED_SNI : null;
    String outcome = rejection == null ? "relayed" : "rejected";
    connection.accessLog(record(info, hello, outcome, reason));
    if (rejection != null) {
      LOG.info("{} tls: rejected the ClientHello for {} ({})", info.id(),
          hello == null ? "-" : sniField(hello), rejection);
      int alertBytes = reject(connection, rejection);
      connection.transaction(transaction(hello, outcome, reason, read.length, alertBytes,
          started));
      return;
    }
    connection.transaction(transaction(hello, outcome, reason, read.length, 0, started));
    OutputStream server = connection.server().output();
    server.write(read.bytes, 0, read.length);
    server.flush();
    // the rest is opaque: the relay threads carry it, and this thread is free for the tunnel's
    // whole life
    connection.handOverToRelay();
  }

  /** What was read of the ClientHello: its bytes and the parser's answer on them. */
  private static final class Read {
    final byte[] bytes;
    final int length;
    final Result result;

    Read(byte[] bytes, int length, Result result) {
      this.bytes = bytes;
      this.length = length;
      this.result = result;
    }
  }

  /**
   * Reads exactly the bytes the parser asks for until it has an answer, so nothing after the
   * ClientHello's records is consumed. The answer is still {@link Status#NEED_MORE} when the
   * client closed first.
   */
  private static Read readClientHello(InputStream in) throws IOException {
    byte[] buffer = new byte[INITIAL_BUFFER];
    int length = 0;
    while (true) {
      Result result = ClientHelloParser.parse(buffer, 0, length);
      if (result.status() != Status.NEED_MORE) {
        return new Read(buffer, length, result);
      }
      int wanted = result.bytesNeeded();
      if (length + wanted > ClientHelloParser.MAX_WIRE_LENGTH) {
        throw new IllegalStateException("ClientHelloParser asked for " + wanted
            + " bytes after " + length + " (expected: at most "
            + ClientHelloParser.MAX_WIRE_LENGTH + " in all)");
      }
      if (length + wanted > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(ClientHelloParser.MAX_WIRE_LENGTH,
            Math.max(length + wanted, buffer.length * 2)));
      }
      int n = in.readNBytes(buffer, length, wanted);
      length += n;
      if (n < wanted) {
        Result cut = new Result(Status.NEED_MORE, wanted - n, null,
            "the client closed after " + length + " bytes");
        return new Read(buffer, length, cut);
      }
    }
  }

  /** Sends a fatal alert and lets the connection end; returns the bytes sent. */
  private static int reject(TappedConnection connection, String rejection) {
    int description = rejection.equals(SniPolicy.MALFORMED_HELLO)
        ? ALERT_DECODE_ERROR : ALERT_UNRECOGNIZED_NAME;
    // a TLS 1.2-style record: every client version since TLS 1.0 reads it
    byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) description};
    try {
      connection.client().output().write(alert);
      connection.client().output().flush();
      connection.client().shutdownOutput();
      discardPending(connection.client().input());
      return alert.length;
    } catch (IOException e) {
      LOG.debug("{} tls: could not send the alert: {}", connection.info().id(), e.toString());
      return 0;
    }
  }

  /**
   * Reads what the client already sent after its ClientHello (early data, a change_cipher_spec),
   * without waiting: closing a socket with unread bytes resets the connection, and the reset
   * could destroy the alert before the client reads it.
   */
  private static void discardPending(InputStream in) throws IOException {
    byte[] sink = new byte[4096];
    int discarded = 0;
    int available;
    while (discarded < MAX_DISCARDED && (available = in.available()) > 0) {
      int n = in.read(sink, 0, Math.min(sink.length, available));
      if (n < 0) {
        return;
      }
      discarded += n;
    }
  }

  private static void logMismatch(ConnectionInfo info, ClientHello hello) {
    String name = hello.serverName();
    String destination = info.destination().host();
    if (sniDiffers(destination, name)) {
      LOG.info("{} tls: server name {} differs from the SOCKS destination {}", info.id(),
          LogFields.escape(name), LogFields.escape(destination));
    }
  }

  /**
   * Returns whether a server name differs from a SOCKS destination given as a name; an address
   * destination, or no server name, never differs.
   */
  static boolean sniDiffers(String destination, @Nullable String serverName) {
    return serverName != null && !LogFields.isAddressLiteral(destination)
        && !LogFields.normalizeHost(destination).equals(LogFields.normalizeHost(serverName));
  }

  private static String record(ConnectionInfo info, @Nullable ClientHello hello, String outcome,
      @Nullable String reason) {
    InetSocketAddress client = info.client();
    String address = client.getAddress() != null
        ? client.getAddress().getHostAddress() : client.getHostString();
    StringBuilder line = new StringBuilder(160)
        .append(LogFields.escape(address)).append(' ')
        .append(LogFields.escape(info.user())).append(' ')
        .append(LogFields.escape(info.destination().toString()))
        .append(" sni=").append(hello == null ? "-" : sniField(hello))
        .append(" alpn=").append(hello == null ? "-" : LogFields.list(hello.alpn()))
        .append(" version=").append(hello == null ? "-" : hello.offeredVersionName())
        .append(" outcome=").append(outcome);
    if (reason != null) {
      line.append(" reason=").append(reason);
    }
    return line.toString();
  }

  private static String sniField(ClientHello hello) {
    return hello.malformedSni() ? "?" : LogFields.escape(hello.serverName());
  }

  private static Transaction transaction(@Nullable ClientHello hello, String outcome,
      @Nullable String reason, int fromClient, int toClient, long started) {
    Map<String, String> attributes = new LinkedHashMap<>();
    String sni = hello == null ? "-" : sniField(hello);
    if (hello != null) {
      attributes.put("sni", sni);
      attributes.put("alpn", LogFields.list(hello.alpn()));
      attributes.put("version", hello.offeredVersionName());
    }
    if (reason != null) {
      attributes.put("reason", reason);
    }
    return new Transaction("tls", "CLIENTHELLO " + sni, outcome, fromClient, toClient,
        Duration.ofNanos(System.nanoTime() - started), attributes);
  }
}
