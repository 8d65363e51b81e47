/**
 * HTTP/1.x over SOCKS: the detector that recognises a request line, and the handler that proxies
 * each request strictly (RFC 9110, RFC 9112).
 *
 * <h2>Configuration: request policy, header rules, mounts, upstream proxy route</h2>
 *
 * <p>The handler reads these parameters from {@link org.sockstap.api.TappedConnection#params()}
 * (the builder's {@code protocolParam("http", name, value)}, overridden by a tap rule's {@code
 * name=value} pairs, such as {@code --tap 'http:*.example.com::deny-method=TRACE'}); an embedder
 * can also pass typed defaults, {@link org.sockstap.protocols.http.HttpSettings#builder()}, to
 * {@link org.sockstap.protocols.http.HttpHandler#HttpHandler(
 * org.sockstap.protocols.http.wire.HttpLimits, org.sockstap.protocols.http.HttpSettings)}, which
 * the parameters override setting by setting. Lists are separated by commas.
 *
 * <ul>
 *   <li>{@code deny-method=TRACE,PUT}, {@code permit-method=GET,HEAD,POST}: method tokens,
 *       case-sensitive.
 *   <li>{@code deny-url=<pattern>[,...]}, {@code permit-url=...}: {@code *} for any run of
 *       characters, matched against the URL as logged ({@code http://host:port/path?query}, the
 *       SOCKS destination as host), the {@code http://host:port} part without regard to case;
 *       percent-decoded; the URL is tried as sent and percent-decoded.
 *   <li>{@code deny-host=<host list>}, {@code permit-host=<host list>}: the server's rule
 *       syntax ({@code *.example.com,!www.example.com,10.0.0.0/8}); deny-host looks at the SOCKS
 *       destination and the host the request names, permit-host at the SOCKS destination.
 *   <li>{@code kill-qhead}/{@code kill-rhead=Name[,Name]}, {@code add-qhead}/{@code
 *       add-rhead=Name:value[,...]}, {@code replace-qhead}/{@code replace-rhead=Name:value[,...]}:
 *       remove, add, or replace request ({@code q}) and response ({@code r}) fields; values
 *       percent-decoded ({@code %20} space, {@code %2C} comma). Content-Length,
 *       Transfer-Encoding, Host, Expect and hop-by-hop fields cannot be named.
 *   <li>{@code mount=/docs/*=http://docs.internal:8080/manual/*[,...]}: requests under {@code
 *       /docs/} go to that origin with the path mapped, through the server's access rules and
 *       routes; its redirects are mapped back. Percent-decoded.
 *   <li>{@code route=http://[user:password@]host:port}: every request, mounted ones too, goes
 *       to this upstream HTTP proxy (opened through the server's access rules and routes) in
 *       absolute form, with {@code Proxy-Authorization: Basic} when credentials are given
 *       (percent-decoded; never logged, shown as {@code ***}). Only {@code http://}, the port
 *       required, nothing after it. The proxy's 407 becomes 502 unless {@code pass-407=true};
 *       CONNECT and Upgrade through a route are answered with 501. The access log's route field
 *       is {@code http://host:port}.
 *   <li>{@code pass-407=true|false}: pass the route's 407 (with its {@code Proxy-Authenticate})
 *       on to the client; default {@code false}.
 *   <li>{@code cache=on|off|readonly|offline}: what the HTTP cache does; {@code on} by default
 *       when the server has a cache.
 *   <li>{@code stale-if-error=<seconds>}: a stored response stale by no more than this (or by
 *       its own {@code stale-if-error=N}, RFC 5861) is served when the server cannot be reached
 *       or answers 500, 502, 503 or 504, with a WARN and cache status {@code stale}; default 0,
 *       off. Never when {@code must-revalidate}, {@code proxy-revalidate}, {@code s-maxage} or
 *       {@code no-cache} forbid it.
 *   <li>{@code expire=<seconds>}: DeleGate's EXPIRE, the default validity: the cap of a
 *       heuristic lifetime and the lifetime of a {@code public} response with no other
 *       freshness information; default 86400 (one day); 0 disables heuristic freshness, so
 *       such responses are revalidated every time. Explicit freshness is never capped.
 *   <li>{@code heuristic-fraction=<decimal>}: the fraction, 0 to 1, of {@code Date -
 *       Last-Modified} taken as the heuristic lifetime (RFC 9111 §4.2.2); default 0.1.
 * </ul>
 *
 * <p>A single byte range of a response served from the cache is answered with 206 (or 416)
 * from the stored body; several ranges get the whole response.
 *
 * <p>The policy is checked in that order before anything is forwarded; a refused request gets a
 * 403 page naming the rule (HTML-escaped), is logged with cache status {@code denied}, and the
 * connection goes on. A malformed parameter is never guessed at: the handler logs one WARN per
 * distinct problem, naming the parameter ({@code deny-url: "[" (expected: ...)}), and answers
 * every request of such a connection with 500. The full rules are in {@link
 * org.sockstap.protocols.http.HttpHandler}.
 */
@NullMarked
package org.sockstap.protocols.http;

import org.jspecify.annotations.NullMarked;
