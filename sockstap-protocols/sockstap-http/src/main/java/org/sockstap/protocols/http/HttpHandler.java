package org.sockstap.protocols.http;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.api.TappedConnection;
import org.sockstap.protocols.http.wire.HttpLimits;

/**
 * Proxies HTTP/1.x on a tapped connection: every request is parsed strictly, checked against the
 * request policy, forwarded to the SOCKS destination (or a mounted origin) with its body
 * streamed, and answered with the server's response, also streamed; one Combined Log Format
 * record per request goes to the access log.
 *
 * <p>Anything ambiguous is refused rather than guessed: a request the parser rejects gets its
 * 4xx/5xx status and the connection is closed, and nothing of it is forwarded; a malformed
 * response gets 502 and the server connection is not reused. When the conversation leaves
 * HTTP/1.x (an accepted {@code Upgrade}, a CONNECT tunnel, HTTP/2 prior knowledge) the rest of
 * the connection is relayed untouched.
 *
 * <h2>Parameters</h2>
 *
 * <p>From {@link TappedConnection#params()}: the builder's {@code protocolParam("http", name,
 * value)}, overridden by the tap rule's {@code name=value} pairs, for example {@code --tap
 * 'http:*.example.com::deny-method=TRACE'}; each parameter given replaces the same setting of
 * the {@link HttpSettings} passed to {@link #HttpHandler(HttpLimits, HttpSettings)}. Lists are
 * separated by commas; a value holds no spaces; an empty value or element is an error. Names the
 * handler does not know are ignored (a tap rule's parameters reach every protocol it names).
 *
 * <table>
 *   <caption>HTTP parameters</caption>
 *   <tr><th>Parameter</th><th>Value</th><th>Effect</th></tr>
 *   <tr><td>{@code deny-method}</td><td>{@code TRACE,PUT}</td>
 *       <td>refuse these methods (tokens, case-sensitive)</td></tr>
 *   <tr><td>{@code permit-method}</td><td>{@code GET,HEAD,POST}</td>
 *       <td>refuse every other method</td></tr>
 *   <tr><td>{@code deny-url}</td><td>{@code http://*:80/admin/*,*.exe}</td>
 *       <td>refuse URLs matching a pattern (percent-decoded)</td></tr>
 *   <tr><td>{@code permit-url}</td><td>same</td>
 *       <td>refuse URLs matching none of the patterns (percent-decoded)</td></tr>
 *   <tr><td>{@code deny-host}</td><td>{@code *.example.com,!www.example.com,10.0.0.0/8}</td>
 *       <td>refuse requests whose SOCKS destination or named host is in the list</td></tr>
 *   <tr><td>{@code permit-host}</td><td>same syntax</td>
 *       <td>refuse requests whose SOCKS destination is not in the list</td></tr>
 *   <tr><td>{@code kill-qhead} / {@code kill-rhead}</td><td>{@code Cookie,Referer}</td>
 *       <td>remove these request / response fields</td></tr>
 *   <tr><td>{@code add-qhead} / {@code add-rhead}</td><td>{@code X-A:1,Via:SocksTap}</td>
 *       <td>add these request / response fields (values percent-decoded)</td></tr>
 *   <tr><td>{@code replace-qhead} / {@code replace-rhead}</td><td>{@code User-Agent:x}</td>
 *       <td>replace every field of the name, or add it (values percent-decoded)</td></tr>
 *   <tr><td>{@code mount}</td><td>{@code /docs/*=http://docs.internal:8080/manual/*}</td>
 *       <td>send requests under a path to another origin (percent-decoded)</td></tr>
 *   <tr><td>{@code route}</td><td>{@code http://user:pass%40word@proxy.internal:3128}</td>
 *       <td>send every request through this upstream HTTP proxy (user and password
 *       percent-decoded)</td></tr>
 *   <tr><td>{@code pass-407}</td><td>{@code true} or {@code false} (the default)</td>
 *       <td>pass the upstream proxy's 407 on to the client instead of answering 502</td></tr>
 *   <tr><td>{@code cache}</td><td>{@code on}, {@code off}, {@code readonly}, {@code offline}</td>
 *       <td>what the HTTP cache does; {@code on} by default when the server has a cache</td></tr>
 *   <tr><td>{@code stale-if-error}</td><td>{@code 3600} (seconds; {@code 0}, the default, is
 *       off)</td><td>serve a stored response stale by no more than this when the server fails
 *       (RFC 5861)</td></tr>
 *   <tr><td>{@code expire}</td><td>{@code 3600} (seconds; default {@code 86400}; {@code 0}
 *       disables heuristic freshness)</td><td>DeleGate's EXPIRE: the cap of a heuristic
 *       lifetime and the lifetime of a {@code public} response with no other freshness
 *       information</td></tr>
 *   <tr><td>{@code heuristic-fraction}</td><td>{@code 0.05} (a decimal from 0 to 1; default
 *       {@code 0.1})</td><td>the fraction of {@code Date - Last-Modified} taken as the
 *       heuristic lifetime of a response without explicit freshness (RFC 9111
 *       §4.2.2)</td></tr>
 * </table>
 *
 * <p><b>Request policy.</b> Checked before anything is forwarded, in the order of the table; the
 * first rule that refuses a request is named in a 403 page ({@code denied by deny-method=TRACE},
 * {@code not permitted by permit-url=...}) together with the method and URL, HTML-escaped; the
 * access log shows cache status {@code denied}. The connection goes on: the request's body is
 * read and discarded first, unless it is over 1 MiB or the client waits for {@code 100
 * Continue}, in which case the 403 carries {@code Connection: close} and the connection ends.
 * URL patterns use {@code *} for any run of characters and match the whole URL as the access log
 * shows it, {@code http://host:port/path?query} with the SOCKS destination as host (a CONNECT's
 * is its {@code host:port}); the {@code http://host:port} part is compared without regard to
 * case, the rest exactly. A pattern starts with {@code http://} or {@code *}, and an {@code
 * http://} pattern names the port (or a {@code *} in the authority). The URL is tried as sent
 * and percent-decoded: {@code deny-url} refuses when either form matches, {@code permit-url}
 * needs both to match. Patterns are not path-normalised: {@code /a/../admin} is not {@code
 * /admin} to them. Host lists use the server's rule syntax ({@link
 * TappedConnection#hostPattern(String)}); {@code deny-host} is matched against the SOCKS
 * destination and against the host the request names (its absolute-form or CONNECT authority,
 * else its Host field, with that port or 80), {@code permit-host} against the SOCKS destination
 * only. Host names are compared in lower case without a trailing dot.
 *
 * <p><b>Header rules</b> (DeleGate's HTTPCONF kill-head, add-head, replace-head; {@code qhead}
 * is the request, {@code rhead} the final response). Applied after hop-by-hop fields are
 * stripped and before the message is forwarded: kill first, then replace, then add. They cannot
 * name Content-Length, Transfer-Encoding, Host, Expect or a hop-by-hop field (Connection,
 * Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade, Proxy-Authenticate, Proxy-Authorization):
 * such a rule could desynchronise the framing or the proxy's own handling, and is refused as a
 * configuration error. Values are percent-decoded one byte per {@code %XX} ({@code %20} space,
 * {@code %2C} comma); a value with CR, LF or NUL after decoding is an error. Interim (1xx)
 * responses, 101 and CONNECT answers and SocksTap's own pages are not changed.
 *
 * <p><b>Mounts</b> ({@code mount=/docs/*=http://docs.internal:8080/manual/*[,...]}). A request
 * whose origin-form target starts with the prefix ({@code /docs/}) goes to the mounted origin
 * instead of the SOCKS destination: the target is rewritten ({@code /docs/a/b?x} to {@code
 * /manual/a/b?x}), Host becomes {@code docs.internal:8080}, and the connection is opened with
 * {@link TappedConnection#connect}, so the server's access rules and routes apply to it. Only
 * {@code http://} origins; {@code *} only as the last character of both sides; the first
 * matching mount wins. In its responses, {@code Location} and {@code Content-Location} starting
 * with {@code http://docs.internal:8080/manual/} or {@code /manual/} are mapped back to {@code
 * http://<host the client named>/docs/}. Each client connection keeps at most four server
 * connections, one per endpoint, closing the least recently used; a bodyless idempotent request
 * that a kept connection's server closes on without answering (it timed the connection out) is
 * sent once more on a new one. The access log shows the URL the client asked for, and the route
 * field gains the origin: {@code direct,mount:docs.internal:8080}.
 *
 * <p><b>Upstream proxy route</b> ({@code route=http://[user:password@]host:port}, or {@link
 * HttpSettings.Builder#route(String, int, String, String)}). Every request of the connection,
 * mounted ones included, goes to that HTTP proxy instead of its server: the connection to it is
 * opened with {@link TappedConnection#connect}, so the server's access rules apply to the
 * proxy's address, and kept alive like any other (one per endpoint, see Mounts). The request
 * line names the server in absolute form, {@code GET http://<SOCKS destination or mounted
 * origin>:<port>/path?query HTTP/1.1} (an IPv6 address in brackets), built only from a plain
 * host name or address and a target of printable ASCII without spaces; anything else is answered
 * with 502 and not sent. Host stays the origin's. With credentials, {@code Proxy-Authorization:
 * Basic base64(user:password)} is added (the percent-decoded bytes; UTF-8 from the builder); the
 * client's own {@code Proxy-Authorization} is always removed. A {@code 407} or a response with
 * {@code Proxy-Authenticate} from the proxy is answered with 502 saying the upstream proxy
 * refused SocksTap's credentials, and the proxy connection is dropped; only with {@code
 * pass-407=true} is a 407 passed on as it is, with its challenge. {@code Proxy-Authenticate} is
 * removed from every other response. CONNECT and Upgrade requests are answered with 501 (the
 * tunnel would need a CONNECT to the proxy first, which is not supported; CONNECT closes the
 * connection). The value must be {@code http://}, name the port and nothing after it; the user
 * and password are never shown: messages write {@code ***} in their place, and the access
 * log's route field names the proxy as {@code http://host:port} (with {@code ,mount:...} for a
 * mounted request) instead of the server's route of the connection. The SOCKS destination
 * connection the server opens in eager mode is not used; {@code connect=lazy} avoids it.
 *
 * <p><b>Cache</b> ({@code cache=on|off|readonly|offline}; RFC 9111 as a shared cache, using
 * the server's {@link TappedConnection#cache()}). Only GET requests without a body and not
 * mounted are looked up and stored; everything else is forwarded ({@code bypass} in the access
 * log), except that a HEAD is answered from a fresh stored GET (its head, with the stored
 * body's {@code Content-Length}, and no body; {@code hit}); a HEAD without one is forwarded as a
 * {@code bypass} and stores nothing. A fresh stored response is served without contacting the server (in
 * {@code connect=lazy} mode no server connection is opened at all), with {@code Content-Length},
 * {@code Age} and {@code Cache-Status: SocksTap; hit}; the log says {@code hit}. A stale one with
 * a validator is revalidated with {@code If-None-Match} / {@code If-Modified-Since}: a 304 is
 * merged into the stored head and the stored body served ({@code revalidated}). Otherwise the
 * response is forwarded ({@code miss}, {@code Cache-Status: SocksTap; fwd=miss}) and, when it may
 * be stored (a 200, 203, 300, 301, 308, 404 or 410 that {@link
 * org.sockstap.protocols.http.cache.Storability} accepts, framed by Content-Length or chunked),
 * its decoded body is written to the cache as it streams to the client ({@code ; stored}) and
 * committed only once it was read completely. The key names the SOCKS destination and the Host
 * field; a response whose Host names another host or port than the SOCKS destination is relayed
 * but never stored, with a WARN. One variant per URL is kept: a response for other values of
 * its Vary'd request fields replaces the stored one. {@code readonly} stores nothing new; {@code
 * offline} answers every request that has no fresh stored response with 504 ({@code
 * offline-miss}) and never contacts a server, as does a request's {@code Cache-Control:
 * only-if-cached}. A non-error response to POST, PUT, DELETE, PATCH (any unsafe method) removes
 * the stored responses of its URL and of same-origin Location and Content-Location.
 *
 * <p>Next to {@code Cache-Status}, every response that involved the cache carries Squid's
 * {@code X-Cache}: {@code HIT from sockstap} when it was served from a stored response (fresh,
 * revalidated, or stale because of {@code stale-if-error}), {@code MISS from sockstap} when the
 * server sent it; a server's own {@code X-Cache} is replaced, and never stored. A stored body of
 * at most 12 KiB is written with its head in one write; a larger one, and any slice of it, goes
 * through {@link org.sockstap.api.CacheEntry#transferBody} to the client's {@link
 * org.sockstap.api.Peer#outputChannel()} when it has one, which a disk cache sends with {@code
 * sendfile}.
 *
 * <p><b>Ranges.</b> A request with one {@code Range: bytes=a-b}, {@code bytes=a-} or {@code
 * bytes=-n} whose stored response is a 200 served from the cache gets a 206 with {@code
 * Content-Range: bytes a-b/length} and just that slice of the stored body; a range starting
 * past the end is answered 416 with {@code Content-Range: bytes *}{@code /length}. Several
 * ranges, another unit, a malformed range, or an {@code If-Range} other than the stored strong
 * ETag get the whole 200. A Range request that is not a hit goes to the server; its 206 is
 * passed on and never stored.
 *
 * <p><b>Stale if error</b> ({@code stale-if-error=<seconds>}, RFC 5861 §4; DeleGate's
 * "makeshift"). When the server of a request with a stale stored response cannot be reached, or
 * answers 500, 502, 503 or 504, the stored response is served instead if it is stale by no more
 * than the parameter or its own {@code stale-if-error=N} directive, whichever is larger: with
 * {@code Age}, {@code Cache-Status: SocksTap; fwd=stale; fwd-status=503;
 * detail="stale-if-error"} ({@code fwd-status} left out when nothing answered), cache status
 * {@code stale} in the access log, and one WARN naming the error. Never when the stored
 * response says {@code must-revalidate}, {@code proxy-revalidate}, {@code s-maxage} or {@code
 * no-cache}, or the request says {@code no-cache}; a response stale beyond the bound, or with
 * the parameter 0 (the default) and no directive, passes the error on.
 *
 * <p><b>Configuration errors.</b> A malformed parameter never makes the handler guess: it logs
 * one WARN per distinct problem, naming the parameter ({@code deny-url: "[" (expected: ...)}),
 * and answers every request on such a connection with 500 and a page saying the proxy is
 * misconfigured; nothing is forwarded. With any setting in force, HTTP/2 prior knowledge is
 * refused (closed), since the settings could not be applied to it.
 *
 * <p>The client's own {@code Proxy-Authorization} is never forwarded, and {@code Authorization},
 * {@code Cookie} and passwords never reach the logs or SocksTap's pages.
 *
 * <p>Stateless apart from a small cache of parsed settings per distinct parameter map; one
 * instance serves every connection. Found through {@link java.util.ServiceLoader}.
 */
public final class HttpHandler implements ProtocolHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);

  /** Parameter maps come from the configuration, so a few suffice; beyond that, parse each time. */
  private static final int MAX_CACHED = 64;
  private static final int MAX_WARNED = 256;

  private final HttpLimits limits;
  private final HttpSettings defaults;
  /** A {@link ConnectionPolicy}, or the problem (a String) of a malformed configuration. */
  private final Map<Map<String, String>, Object> policies = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Creates the handler with the default limits and no settings. */
  public HttpHandler() {
    this(HttpLimits.defaults(), HttpSettings.none());
  }

  /**
   * Creates the handler with other limits and no settings.
   *
   * @param limits the parsing limits
   */
  public HttpHandler(HttpLimits limits) {
    this(limits, HttpSettings.none());
  }

  /**
   * Creates the handler with other limits and default settings, which each connection's
   * parameters override setting by setting.
   *
   * @param limits the parsing limits
   * @param defaults the settings for connections without HTTP parameters
   */
  public HttpHandler(HttpLimits limits, HttpSettings defaults) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  /**
   * Returns {@code "http"}.
   *
   * @return {@code "http"}
   */
  @Override
  public String protocol() {
    return "http";
  }

  /**
   * Runs the connection until the client or the server is done.
   *
   * @param connection the tapped connection
   * @throws IOException when a side fails
   */
  @Override
  public void handle(TappedConnection connection) throws IOException {
    Object policy = policy(connection);
    if (policy instanceof String) {
      String problem = (String) policy;
      if (warned.size() >= MAX_WARNED) {
        warned.clear();
      }
      if (warned.add(problem)) {
        LOG.warn("{} http: misconfigured, every request is answered with 500: {}",
            connection.info().id(), problem);
      }
    }
    new HttpProxyConnection(connection, limits,
        policy instanceof ConnectionPolicy ? (ConnectionPolicy) policy : null).run();
  }

  private Object policy(TappedConnection connection) {
    Map<String, String> params = Map.copyOf(connection.params());
    Object cached = policies.get(params);
    if (cached != null) {
      return cached;
    }
    Object resolved = resolve(connection, params);
    if (policies.size() < MAX_CACHED) {
      Object raced = policies.putIfAbsent(params, resolved);
      return raced != null ? raced : resolved;
    }
    return resolved;
  }

  private Object resolve(TappedConnection connection, Map<String, String> params) {
    try {
      return ConnectionPolicy.compile(defaults.withParams(params), connection::hostPattern);
    } catch (IllegalArgumentException e) {
      return String.valueOf(e.getMessage());
    }
  }
}
