package org.sockstap.protocols.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.Endpoint;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.BodyReader;
import org.sockstap.protocols.http.wire.ChunkedOutputStream;
import org.sockstap.protocols.http.wire.HeadReader;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HopByHop;
import org.sockstap.protocols.http.wire.HttpLimits;
import org.sockstap.protocols.http.wire.HttpParseException;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;
import org.sockstap.protocols.http.wire.TruncatedBodyException;

/**
 * One client connection of the HTTP handler: reads requests one after the other (pipelined ones
 * wait in the client's buffer, so responses keep their order), forwards each with its body to
 * the server, streams the response back, and logs it.
 */
final class HttpProxyConnection {
  private static final Logger LOG = LoggerFactory.getLogger(HttpProxyConnection.class);
  private static final byte[] H2_PREFACE_START = "PRI".getBytes(StandardCharsets.US_ASCII);
  private static final int COPY_BUFFER = 16 * 1024;

  private final TappedConnection connection;
  private final HttpLimits limits;
  private final String id;
  private final PushbackInputStream clientIn;
  private final HeadReader clientReader;
  private final OutputStream clientOut;
  private @Nullable Upstream upstream;
  private int upstreamCount;

  HttpProxyConnection(TappedConnection connection, HttpLimits limits) {
    this.connection = connection;
    this.limits = limits;
    this.id = connection.info().id();
    this.clientIn = new PushbackInputStream(connection.client().input(), H2_PREFACE_START.length);
    this.clientReader = new HeadReader(clientIn, limits);
    this.clientOut = new BufferedOutputStream(connection.client().output(), COPY_BUFFER);
  }

  void run() throws IOException {
    if (startsWithHttp2Preface()) {
      log(null, "PRI", "*", "HTTP/2.0", 0, -1, 0, "bypass");
      // the bytes peeked at are in the pushback buffer, which the relay does not read
      OutputStream server = connection.server().output();
      server.write(clientIn.readNBytes(H2_PREFACE_START.length));
      server.flush();
      connection.relayOpaquely();
      return;
    }
    while (true) {
      long started = System.nanoTime();
      RequestHead request;
      try {
        request = clientReader.readRequest();
      } catch (HttpParseException e) {
        refuse(e.status(), e.getMessage(), started);
        return;
      }
      if (request == null) {
        return;
      }
      if (!exchange(request, started)) {
        return;
      }
    }
  }

  /** HTTP/2 with prior knowledge is relayed as it is: there is no HTTP/1 to interpret. */
  private boolean startsWithHttp2Preface() throws IOException {
    byte[] first = clientIn.readNBytes(H2_PREFACE_START.length);
    clientIn.unread(first);
    return java.util.Arrays.equals(first, H2_PREFACE_START);
  }

  /**
   * Runs one request and its response.
   *
   * @return whether the client connection stays open for another request
   */
  private boolean exchange(RequestHead request, long started) throws IOException {
    BodyFraming requestFraming;
    try {
      requestFraming = BodyFraming.forRequest(request);
    } catch (HttpParseException e) {
      refuse(e.status(), e.getMessage(), started);
      return false;
    }
    Endpoint destination = connection.info().destination();
    String url = TargetUrl.absolute(request, destination);
    Headers forwarded = request.headers().copy();
    String upgrade = upgradeOf(request);
    HopByHop.strip(forwarded);
    String target = TargetUrl.forOrigin(request, forwarded);
    TargetUrl.checkHost(id, forwarded, destination);
    boolean expectContinue = forwarded.containsToken("Expect", "100-continue");
    if (upgrade != null) {
      forwarded.set("Upgrade", upgrade);
      forwarded.set("Connection", "upgrade");
    }
    if (requestFraming.kind() == BodyFraming.Kind.CHUNKED) {
      forwarded.remove("Content-Length");
      forwarded.set("Transfer-Encoding", "chunked");
    }
    RequestHead out = new RequestHead(request.method(), target, HttpVersion.HTTP_1_1, forwarded);

    Upstream server;
    try {
      server = upstream();
    } catch (IOException e) {
      refuse(502, "cannot reach " + destination + ": " + e.getMessage(), started, request, url);
      return false;
    }
    long requestBytes;
    ResponseHead response;
    try {
      out.writeTo(server.out());
      if (expectContinue) {
        server.out().flush();
        response = readResponse(server, request);
        if (response.status() == 100) {
          forwardInterim(response);
          requestBytes = sendBody(server, requestFraming);
          response = readResponse(server, request);
        } else {
          // a final answer without 100: the client may still send the body, which must never
          // be read as a request, so this connection ends after the response
          requestBytes = 0;
          return respond(request, url, response, server, started, requestBytes, true);
        }
      } else {
        requestBytes = sendBody(server, requestFraming);
        response = readResponse(server, request);
      }
    } catch (HttpParseException e) {
      dropUpstream();
      refuse(e.status() == 400 ? 400 : 502, e.getMessage(), started, request, url);
      return false;
    } catch (TruncatedBodyException e) {
      dropUpstream();
      throw e;
    }
    while (response.status() >= 100 && response.status() < 200 && response.status() != 101) {
      forwardInterim(response);
      try {
        response = readResponse(server, request);
      } catch (HttpParseException e) {
        dropUpstream();
        refuse(502, e.getMessage(), started, request, url);
        return false;
      }
    }
    return respond(request, url, response, server, started, requestBytes, false);
  }

  /** Writes the final response and its body; returns whether the client connection stays. */
  private boolean respond(RequestHead request, String url, ResponseHead response, Upstream server,
      long started, long requestBytes, boolean closeAfter) throws IOException {
    if (response.status() == 101 || (request.method().equals("CONNECT")
        && response.status() >= 200 && response.status() < 300)) {
      return switchToTunnel(request, url, response, server, started);
    }
    BodyFraming framing;
    try {
      framing = BodyFraming.forResponse(request.method(), response);
    } catch (HttpParseException e) {
      dropUpstream();
      refuse(502, e.getMessage(), started, request, url);
      return false;
    }
    boolean http10Client = request.version() == HttpVersion.HTTP_1_0;
    boolean keepClient = !closeAfter && !http10Client
        && !request.headers().containsToken("Connection", "close");
    Headers headers = response.headers().copy();
    HopByHop.strip(headers);
    boolean chunkToClient = false;
    switch (framing.kind()) {
      case CHUNKED:
      case CLOSE_DELIMITED:
        headers.remove("Content-Length");
        if (http10Client) {
          keepClient = false;
        } else {
          headers.set("Transfer-Encoding", "chunked");
          chunkToClient = true;
        }
        break;
      default:
        break;
    }
    if (!keepClient) {
      headers.set("Connection", "close");
    }
    new ResponseHead(response.version() == HttpVersion.HTTP_1_0 && http10Client
        ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1, response.status(), response.reason(),
        headers).writeTo(clientOut);
    long bodyBytes = copyResponseBody(server, framing, chunkToClient);
    // logged before the flush, so the record exists once the client has the whole response
    log(request, request.method(), url, request.version().text(), response.status(), bodyBytes,
        started, "bypass");
    report(request.method() + " " + url, Integer.toString(response.status()), requestBytes,
        bodyBytes, started);
    clientOut.flush();
    boolean reusable = framing.kind() != BodyFraming.Kind.CLOSE_DELIMITED && !framing.conflict()
        && response.version() == HttpVersion.HTTP_1_1
        && !response.headers().containsToken("Connection", "close")
        && server.reader().body().available() == 0;
    if (!reusable) {
      dropUpstream();
    }
    return keepClient;
  }

  private long copyResponseBody(Upstream server, BodyFraming framing, boolean chunkToClient)
      throws IOException {
    if (framing.kind() == BodyFraming.Kind.NONE) {
      return 0;
    }
    InputStream body = BodyReader.open(server.reader().body(), framing, limits);
    if (chunkToClient) {
      ChunkedOutputStream chunked = new ChunkedOutputStream(clientOut);
      long n = copy(body, chunked);
      chunked.finish(null);
      return n;
    }
    return copy(body, clientOut);
  }

  private long sendBody(Upstream server, BodyFraming framing) throws IOException {
    long n = 0;
    if (framing.kind() == BodyFraming.Kind.CONTENT_LENGTH) {
      n = copy(BodyReader.open(clientReader.body(), framing, limits), server.out());
    } else if (framing.kind() == BodyFraming.Kind.CHUNKED) {
      ChunkedOutputStream chunked = new ChunkedOutputStream(server.out());
      n = copy(BodyReader.open(clientReader.body(), framing, limits), chunked);
      // trailers are dropped: framing fields in them must never be applied, and no server
      // needs the rest
      chunked.finish(null);
    }
    server.out().flush();
    return n;
  }

  private ResponseHead readResponse(Upstream server, RequestHead request) throws IOException {
    ResponseHead response = server.reader().readResponse();
    if (response.status() == 101 && upgradeOf(request) == null) {
      throw new HttpParseException(502, "101 Switching Protocols without an Upgrade request");
    }
    return response;
  }

  private void forwardInterim(ResponseHead interim) throws IOException {
    Headers headers = interim.headers().copy();
    HopByHop.strip(headers);
    new ResponseHead(HttpVersion.HTTP_1_1, interim.status(), interim.reason(), headers)
        .writeTo(clientOut);
    clientOut.flush();
  }

  /** After 101 or a CONNECT 2xx the bytes are no longer HTTP/1: relay them as they are. */
  private boolean switchToTunnel(RequestHead request, String url, ResponseHead response,
      Upstream server, long started) throws IOException {
    response.writeTo(clientOut);
    clientOut.flush();
    log(request, request.method(), url, request.version().text(), response.status(), -1, started,
        "bypass");
    report(request.method() + " " + url, Integer.toString(response.status()), 0, 0, started);
    Leftovers.forward(clientReader, server.out());
    Leftovers.forward(server.reader(), clientOut);
    connection.relayOpaquely(server.connection());
    return false;
  }

  /** The request's Upgrade protocols, or null; h2c is refused (never tunnelled). */
  private static @Nullable String upgradeOf(RequestHead request) {
    String upgrade = request.headers().first("Upgrade");
    if (upgrade == null || !request.headers().containsToken("Connection", "upgrade")) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    for (String token : upgrade.split(",")) {
      String protocol = token.trim();
      if (!protocol.isEmpty() && !protocol.toLowerCase(Locale.ROOT).startsWith("h2c")) {
        kept.append(kept.length() == 0 ? "" : ", ").append(protocol);
      }
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  private Upstream upstream() throws IOException {
    Upstream open = upstream;
    if (open == null) {
      // the first request uses the connection the SOCKS request opened (or opens it, in lazy
      // mode); once that one is dropped, later requests get fresh ones
      open = new Upstream(upstreamCount == 0
          ? connection.server() : connection.connect(connection.info().destination()), limits);
      upstreamCount++;
      upstream = open;
    }
    return open;
  }

  private void dropUpstream() {
    Upstream open = upstream;
    upstream = null;
    if (open != null) {
      open.close();
    }
  }

  private void refuse(int status, String reason, long started) throws IOException {
    refuse(status, reason, started, null, "-");
  }

  private void refuse(int status, String reason, long started, @Nullable RequestHead request,
      String url) throws IOException {
    LOG.info("{} http: {} {}", id, status, reason);
    int body = ErrorResponse.write(clientOut, status, reason);
    String method = request == null ? "-" : request.method();
    log(request, method, url, request == null ? "-" : request.version().text(), status, body,
        started, "error");
    report(method + " " + url, Integer.toString(status), 0, body, started);
    clientOut.flush();
  }

  private void log(@Nullable RequestHead request, String method, String url, String version,
      int status, long bodyBytes, long started, String cache) {
    String route = upstream == null ? "-" : upstream.connection().route();
    connection.accessLog(AccessLogLine.format(
        connection.info().client().getAddress().getHostAddress(), connection.info().user(),
        ZonedDateTime.now(), method, url, version, status, bodyBytes,
        request == null ? null : request.headers().first("Referer"),
        request == null ? null : request.headers().first("User-Agent"),
        (System.nanoTime() - started) / 1_000_000, route, cache));
  }

  private void report(String command, String outcome, long requestBytes, long responseBytes,
      long started) {
    connection.transaction(new Transaction("http", command, outcome, requestBytes, responseBytes,
        java.time.Duration.ofNanos(System.nanoTime() - started), java.util.Map.of()));
  }

  private static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}
