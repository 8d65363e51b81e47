package org.sockstap.protocols.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.Endpoint;
import org.sockstap.api.TappedConnection;
import org.sockstap.api.Transaction;
import org.sockstap.protocols.http.cache.CacheStatus;
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
 * wait in the client's buffer, so responses keep their order), checks each against the policy,
 * forwards it with its body to the server (the SOCKS destination or a mounted origin), streams
 * the response back, and logs it.
 */
final class HttpProxyConnection {
  private static final Logger LOG = LoggerFactory.getLogger(HttpProxyConnection.class);
  private static final byte[] H2_PREFACE_START = "PRI".getBytes(StandardCharsets.US_ASCII);
  private static final int COPY_BUFFER = 16 * 1024;
  /** The largest request body read and thrown away to keep a connection after a local answer. */
  static final long MAX_DISCARDED = 1024 * 1024;
  /** The server statuses a stale stored response may stand in for (RFC 5861 §4). */
  private static final java.util.Set<Integer> SERVER_ERRORS = java.util.Set.of(500, 502, 503, 504);
  private static final String ROUTED_CONNECT =
      "CONNECT through an upstream HTTP proxy route is not supported";
  private static final String ROUTED_UPGRADE =
      "Upgrade through an upstream HTTP proxy route is not supported";
  private static final String OFFLINE =
      "only the cache may answer this request, and it holds no fresh response for it";
  private static final String MISCONFIGURED = "the proxy is misconfigured: its HTTP settings are"
      + " invalid, so no request is forwarded (its log names the problem)";

  private final TappedConnection connection;
  private final HttpLimits limits;
  private final String id;
  /** The client's address as the access log writes it, formatted once. */
  private final String clientHost;
  private final PushbackInputStream clientIn;
  private final HeadReader clientReader;
  private final OutputStream clientOut;
  /** A channel into {@link #clientOut}, for stored bodies that join their head. */
  private final WritableByteChannel clientBuffered;
  /** The client's own channel, for stored bodies sent without a copy; null when it has none. */
  private final @Nullable WritableByteChannel clientChannel;
  /** Null when the settings are malformed: every request is answered with 500. */
  private final @Nullable ConnectionPolicy policy;
  private final Upstreams upstreams;
  /** The route field of the current request's log record. */
  private String route = "-";
  private final ResponseCache cache;
  /** The cache's part of the current request, or null when it bypasses the cache. */
  private @Nullable CachedExchange cached;

  HttpProxyConnection(TappedConnection connection, HttpLimits limits,
      @Nullable ConnectionPolicy policy) {
    this.connection = connection;
    this.limits = limits;
    this.policy = policy;
    this.upstreams = new Upstreams(connection, limits);
    this.id = connection.info().id();
    this.clientHost = connection.info().client().getAddress().getHostAddress();
    this.clientIn = new PushbackInputStream(connection.client().input(), H2_PREFACE_START.length);
    this.clientReader = new HeadReader(clientIn, limits);
    this.clientOut = new BufferedOutputStream(connection.client().output(), COPY_BUFFER);
    this.clientBuffered = new StreamChannel(clientOut);
    this.clientChannel = connection.client().outputChannel().orElse(null);
    this.cache = new ResponseCache(connection.cache(), policy == null ? null : policy.cacheMode(),
        id, connection.info().destination(),
        policy == null ? java.time.Duration.ZERO : policy.staleIfError(),
        policy == null ? HttpSettings.DEFAULT_EXPIRE : policy.expire(),
        policy == null ? HttpSettings.DEFAULT_HEURISTIC_FRACTION : policy.heuristicFraction());
  }

  void run() throws IOException {
    if (startsWithHttp2Preface()) {
      if (policy == null || !policy.isEmpty()) {
        // no rule, header change or mount could be applied to HTTP/2 frames
        LOG.info("{} http: HTTP/2 prior knowledge refused: the HTTP settings cannot apply to it",
            id);
        log(null, "PRI", "*", "HTTP/2.0", 403, -1, System.nanoTime(), "denied");
        return;
      }
      log(null, "PRI", "*", "HTTP/2.0", 0, -1, 0, "bypass");
      // the bytes peeked at are in the pushback buffer, which the relay does not read
      OutputStream server = connection.server().output();
      server.write(clientIn.readNBytes(H2_PREFACE_START.length));
      server.flush();
      // the last use of the connection: the relay loops carry the HTTP/2 traffic, no thread
      connection.handOverToRelay();
      return;
    }
    while (true) {
      long started = System.nanoTime();
      route = "-";
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
      try {
        if (!exchange(request, started)) {
          return;
        }
      } finally {
        CachedExchange done = cached;
        cached = null;
        if (done != null) {
          done.close();
        }
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
    ConnectionPolicy settings = policy;
    if (settings == null) {
      return answerLocally(request, requestFraming, 500, MISCONFIGURED, url, started, "error");
    }
    String rejection = settings.rejection(request, url, destination);
    if (rejection != null) {
      return answerLocally(request, requestFraming, 403,
          rejection + " (" + request.method() + " " + url + ")", url, started, "denied");
    }
    Route routeTo = settings.route();
    if (routeTo != null && request.method().equals("CONNECT")) {
      // the tunnel would need a CONNECT to the upstream proxy first: not supported
      refuse(501, ROUTED_CONNECT, started, request, url);
      return false;
    }
    if (routeTo != null && Outbound.upgradeOf(request) != null) {
      return answerLocally(request, requestFraming, 501, ROUTED_UPGRADE, url, started, "error");
    }
    Outbound outbound;
    try {
      outbound = Outbound.of(id, request, requestFraming, destination, settings);
    } catch (HttpParseException e) {
      refuse(e.status(), e.getMessage(), started, request, url);
      return false;
    }
    Mount mount = outbound.mount();
    CachedExchange fromCache = cache.start(request, requestFraming, mount);
    cached = fromCache;
    if (fromCache == null && cache.offline()) {
      return answerLocally(request, requestFraming, 504, OFFLINE, url, started, "offline-miss");
    }
    if (fromCache != null) {
      if (fromCache.hit()) {
        return serveHit(request, url, started, settings.responseRules(), fromCache);
      }
      if (fromCache.offlineMiss()) {
        return answerLocally(request, requestFraming, 504, OFFLINE, url, started,
            "offline-miss");
      }
      fromCache.sent();
    }
    Outbound unconditional = outbound;
    if (fromCache != null && fromCache.revalidating()) {
      outbound = new Outbound(fromCache.conditional(outbound.head()), outbound.endpoint(), mount,
          outbound.route(), outbound.clientAuthority(), outbound.expectContinue());
    }

    Upstream server;
    try {
      server = upstreams.send(request, requestFraming, outbound);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      if (fromCache != null && fromCache.mayServeStale()) {
        return serveStale(request, url, started, settings.responseRules(), fromCache, null,
            "the server cannot be reached: " + e.getMessage());
      }
      if (routeTo != null) {
        LOG.info("{} http: cannot reach the upstream proxy {}: {}", id, routeTo, e.toString());
        route = routeTo.toString();
        refuse(502, "cannot reach the upstream proxy " + routeTo, started, request, url);
      } else if (mount == null) {
        refuse(502, "cannot reach " + destination + ": " + e.getMessage(), started, request, url);
      } else {
        LOG.info("{} http: cannot reach {} mounted at {}: {}", id, mount.endpoint(),
            mount.prefix(), e.toString());
        route = mount.routeWord();
        refuse(502, "cannot reach the origin mounted at " + mount.prefix(), started, request,
            url);
      }
      return false;
    }
    // a route is named without its credentials; the core's route of the connection is unused
    route = (routeTo != null ? routeTo.toString() : server.connection().route())
        + (mount == null ? "" : "," + mount.routeWord());
    Forward forward = new Forward(server, mount, outbound.clientAuthority(),
        settings.responseRules(), routeTo != null, settings.pass407());
    long requestBytes;
    ResponseHead response;
    try {
      if (outbound.expectContinue()) {
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
          return respond(request, url, response, forward, started, requestBytes, true);
        }
      } else {
        requestBytes = sendBody(server, requestFraming);
        response = readResponse(server, request);
      }
    } catch (HttpParseException e) {
      upstreams.drop(server);
      refuse(e.status() == 400 ? 400 : 502, e.getMessage(), started, request, url);
      return false;
    } catch (TruncatedBodyException e) {
      upstreams.drop(server);
      throw e;
    }
    while (response.status() >= 100 && response.status() < 200 && response.status() != 101) {
      forwardInterim(response);
      try {
        response = readResponse(server, request);
      } catch (HttpParseException e) {
        upstreams.drop(server);
        refuse(502, e.getMessage(), started, request, url);
        return false;
      }
    }
    if (fromCache != null && fromCache.mayServeStale()
        && SERVER_ERRORS.contains(response.status())) {
      // its body is not wanted: dropping the connection is cheaper than reading it
      upstreams.drop(server);
      return serveStale(request, url, started, settings.responseRules(), fromCache,
          response.status(), "the server answered " + response.status());
    }
    if (fromCache != null && fromCache.revalidating() && response.status() == 304) {
      if (fromCache.refresh(response)) {
        releaseAfterBodyless(server, response);
        return serveHit(request, url, started, settings.responseRules(), fromCache);
      }
      // the merged head would be too large: ask again, without validators, as a miss
      releaseAfterBodyless(server, response);
      try {
        server = upstreams.send(request, requestFraming, unconditional);
        sendBody(server, requestFraming);
        do {
          response = readResponse(server, request);
        } while (response.status() >= 100 && response.status() < 200);
      } catch (HttpParseException e) {
        upstreams.drop(server);
        refuse(502, e.getMessage(), started, request, url);
        return false;
      }
      forward = new Forward(server, mount, outbound.clientAuthority(),
          settings.responseRules(), routeTo != null, settings.pass407());
    }
    return respond(request, url, response, forward, started, requestBytes, false);
  }

  /** After a bodyless response (a 304), keeps the server connection only if it can be reused. */
  private void releaseAfterBodyless(Upstream server, ResponseHead response) throws IOException {
    if (response.version() != HttpVersion.HTTP_1_1
        || response.headers().containsToken("Connection", "close")
        || server.reader().body().available() != 0) {
      upstreams.drop(server);
    }
  }

  /** Answers from the cache: a fresh stored response, or one a 304 just revalidated. */
  private boolean serveHit(RequestHead request, String url, long started, HeaderRules rules,
      CachedExchange hit) throws IOException {
    boolean keep = request.version() == HttpVersion.HTTP_1_1
        && !request.headers().containsToken("Connection", "close");
    long bodyBytes = hit.writeStored(clientOut, clientBuffered, clientChannel, rules, keep);
    int status = hit.storedStatus();
    log(request, request.method(), url, request.version().text(), status, bodyBytes, started,
        hit.logWord());
    report(request.method() + " " + url, Integer.toString(status), 0, bodyBytes, started);
    clientOut.flush();
    return keep;
  }

  /** Serves the stale stored response in place of a server error (stale-if-error). */
  private boolean serveStale(RequestHead request, String url, long started, HeaderRules rules,
      CachedExchange stale, @Nullable Integer status, String because) throws IOException {
    LOG.warn("{} http: served the stored response of {} {}s past its freshness because {}"
        + " (stale-if-error)", id, url, stale.staleness().getSeconds(), because);
    stale.serveStale(status, because);
    return serveHit(request, url, started, rules, stale);
  }

  /** Where one request went, and what its response needs. */
  private record Forward(Upstream server, @Nullable Mount mount, String clientAuthority,
      HeaderRules responseRules, boolean routed, boolean pass407) {}

  /** Writes the final response and its body; returns whether the client connection stays. */
  private boolean respond(RequestHead request, String url, ResponseHead response, Forward forward,
      long started, long requestBytes, boolean closeAfter) throws IOException {
    Upstream server = forward.server();
    cache.invalidate(request, response);
    boolean proxyAuth = response.status() == 407
        || response.headers().first("Proxy-Authenticate") != null;
    if (forward.routed() && proxyAuth && !forward.pass407()) {
      return refuseProxyAuthentication(request, url, response, server, started, closeAfter);
    }
    if (response.status() == 101 || (request.method().equals("CONNECT")
        && response.status() >= 200 && response.status() < 300)) {
      return switchToTunnel(request, url, response, server, started);
    }
    BodyFraming framing;
    try {
      framing = BodyFraming.forResponse(request.method(), response);
    } catch (HttpParseException e) {
      upstreams.drop(server);
      refuse(502, e.getMessage(), started, request, url);
      return false;
    }
    boolean http10Client = request.version() == HttpVersion.HTTP_1_0;
    boolean keepClient = !closeAfter && !http10Client
        && !request.headers().containsToken("Connection", "close");
    Headers headers = response.headers().copy();
    HopByHop.strip(headers);
    if (forward.routed() && forward.pass407() && response.status() == 407) {
      // pass-407: the upstream proxy's challenge goes to the client as it is
      for (String challenge : response.headers().all("Proxy-Authenticate")) {
        headers.add("Proxy-Authenticate", challenge);
      }
    }
    Mount mount = forward.mount();
    if (mount != null) {
      for (String name : new String[] {"Location", "Content-Location"}) {
        String value = headers.first(name);
        if (value != null) {
          headers.set(name, mount.rewriteLocation(value, forward.clientAuthority()));
        }
      }
    }
    forward.responseRules().apply(headers);
    CachedExchange store = cached;
    if (store != null) {
      headers.set("Cache-Status",
          store.forwardedStatus(store.startStore(request, response, framing)));
      headers.set(CacheStatus.X_CACHE, CacheStatus.X_CACHE_MISS);
    }
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
    long bodyBytes = copyResponseBody(server, framing, chunkToClient, store);
    // logged before the flush, so the record exists once the client has the whole response
    log(request, request.method(), url, request.version().text(), response.status(), bodyBytes,
        started, store == null ? "bypass" : store.logWord());
    report(request.method() + " " + url, Integer.toString(response.status()), requestBytes,
        bodyBytes, started);
    clientOut.flush();
    boolean reusable = framing.kind() != BodyFraming.Kind.CLOSE_DELIMITED && !framing.conflict()
        && response.version() == HttpVersion.HTTP_1_1
        && !response.headers().containsToken("Connection", "close")
        && server.reader().body().available() == 0;
    if (!reusable) {
      upstreams.drop(server);
    }
    return keepClient;
  }

  /**
   * Answers 502 instead of the upstream proxy's 407: the client must not be asked for the
   * credentials of SocksTap's route. The proxy connection is dropped rather than its body read.
   */
  private boolean refuseProxyAuthentication(RequestHead request, String url,
      ResponseHead response, Upstream server, long started, boolean closeAfter)
      throws IOException {
    upstreams.drop(server);
    boolean keep = !closeAfter && request.version() == HttpVersion.HTTP_1_1
        && !request.headers().containsToken("Connection", "close");
    String reason = "the upstream HTTP proxy of this route refused SocksTap's credentials ("
        + response.status() + (response.status() == 407 ? "" : " with Proxy-Authenticate") + ")";
    LOG.info("{} http: 502 {}", id, reason);
    int body = ErrorResponse.write(clientOut, 502, reason, !keep,
        request.method().equals("HEAD"));
    log(request, request.method(), url, request.version().text(), 502, body, started, "error");
    report(request.method() + " " + url, "502", 0, body, started);
    clientOut.flush();
    return keep;
  }

  /** Copies the body to the client, and into the cache entry being written, if any. */
  private long copyResponseBody(Upstream server, BodyFraming framing, boolean chunkToClient,
      @Nullable CachedExchange store) throws IOException {
    if (framing.kind() == BodyFraming.Kind.NONE) {
      return 0;
    }
    BodyReader body = BodyReader.open(server.reader().body(), framing, limits);
    long n;
    if (chunkToClient) {
      ChunkedOutputStream chunked = new ChunkedOutputStream(clientOut);
      n = copy(body, store == null ? chunked : store.tee(chunked));
      chunked.finish(framing.kind() == BodyFraming.Kind.CHUNKED ? trailersOf(body) : null);
    } else {
      n = copy(body, store == null ? clientOut : store.tee(clientOut));
    }
    if (store != null && body.isComplete()) {
      store.commit();
    }
    return n;
  }

  private long sendBody(Upstream server, BodyFraming framing) throws IOException {
    long n = 0;
    if (framing.kind() == BodyFraming.Kind.CONTENT_LENGTH) {
      n = copy(BodyReader.open(clientReader.body(), framing, limits), server.out());
    } else if (framing.kind() == BodyFraming.Kind.CHUNKED) {
      ChunkedOutputStream chunked = new ChunkedOutputStream(server.out());
      BodyReader body = BodyReader.open(clientReader.body(), framing, limits);
      n = copy(body, chunked);
      chunked.finish(trailersOf(body));
    }
    server.out().flush();
    return n;
  }

  /**
   * The trailers to pass on: never framing, routing, credentials or anything else that would
   * change how the message is read if a recipient merged it into the head.
   */
  private static @Nullable Headers trailersOf(BodyReader body) {
    Headers trailers = body.trailers().copy();
    HopByHop.stripTrailers(trailers);
    return trailers.isEmpty() ? null : trailers;
  }

  private ResponseHead readResponse(Upstream server, RequestHead request) throws IOException {
    ResponseHead response = server.reader().readResponse();
    if (response.status() == 101 && Outbound.upgradeOf(request) == null) {
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
    // the connection's last use: a WebSocket or CONNECT tunnel holds no thread while it lasts
    connection.handOverToRelay(server.connection());
    return false;
  }

  /**
   * Answers a request without forwarding it (a policy refusal, a misconfiguration), keeping the
   * connection when the request's body can be read and thrown away.
   *
   * @return whether the client connection stays open
   */
  private boolean answerLocally(RequestHead request, BodyFraming framing, int status,
      String reason, String url, long started, String cache) throws IOException {
    boolean keep = request.version() == HttpVersion.HTTP_1_1
        && !request.headers().containsToken("Connection", "close");
    if (framing.hasBody()) {
      // a client waiting for 100 Continue may or may not send the body after a final answer:
      // its bytes must never be read as a request, so the connection ends. Otherwise a small
      // body is read even when the connection ends, so that closing with unread bytes does not
      // reset the connection before the client has read the answer.
      boolean discarded = !request.headers().containsToken("Expect", "100-continue")
          && discardBody(framing);
      keep = keep && discarded;
    }
    LOG.info("{} http: {} {}", id, status, reason);
    int body = ErrorResponse.write(clientOut, status, reason, !keep,
        request.method().equals("HEAD"));
    log(request, request.method(), url, request.version().text(), status, body, started, cache);
    report(request.method() + " " + url, Integer.toString(status), 0, body, started);
    clientOut.flush();
    return keep;
  }

  /** Reads the request body to its end; false when it is over {@link #MAX_DISCARDED}. */
  private boolean discardBody(BodyFraming framing) throws IOException {
    if (framing.kind() == BodyFraming.Kind.CONTENT_LENGTH
        && framing.contentLength() > MAX_DISCARDED) {
      return false;
    }
    InputStream body = clientReader.bodyReader(framing);
    byte[] scratch = new byte[COPY_BUFFER];
    long total = 0;
    for (int n; (n = body.read(scratch)) >= 0; ) {
      total += n;
      if (total > MAX_DISCARDED) {
        return false;
      }
    }
    return true;
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
    connection.accessLog(AccessLogLine.format(clientHost, connection.info().user(),
        System.currentTimeMillis(), method, url, version, status, bodyBytes,
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
