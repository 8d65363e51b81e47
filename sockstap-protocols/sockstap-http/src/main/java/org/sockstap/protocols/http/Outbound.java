package org.sockstap.protocols.http;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Endpoint;
import org.sockstap.protocols.http.wire.BodyFraming;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HopByHop;
import org.sockstap.protocols.http.wire.HttpParseException;
import org.sockstap.protocols.http.wire.HttpVersion;
import org.sockstap.protocols.http.wire.RequestHead;

/**
 * What a client's request becomes on its way to a server: the head to send and where to send it.
 *
 * @param head the request head to write: origin-form target, HTTP/1.1, hop-by-hop fields
 *     stripped, header rules applied, framing fields set for the body as it will be sent
 * @param endpoint the SOCKS destination, or the mounted origin, or the upstream proxy of a route
 * @param mount the mount the request goes through, or null
 * @param route the upstream proxy the request goes through, or null
 * @param clientAuthority the {@code host[:port]} the client named (its Host, or the SOCKS
 *     destination when it sent none), for mapping a mounted origin's redirects back
 * @param expectContinue whether the client waits for {@code 100 Continue} before its body
 */
record Outbound(RequestHead head, Endpoint endpoint, @Nullable Mount mount,
    @Nullable Route route, String clientAuthority, boolean expectContinue) {

  /**
   * Prepares a request for forwarding. The server is the SOCKS destination, whatever the request
   * claims, unless a mount takes the request elsewhere. With a route, the request goes to the
   * upstream proxy instead, in absolute form naming that server, with SocksTap's own {@code
   * Proxy-Authorization} (the client's is always stripped).
   *
   * @param id the connection id, for the log
   * @param request the request as the client sent it
   * @param framing its body's framing
   * @param destination the SOCKS destination
   * @param policy the connection's settings
   * @return the request to send
   * @throws HttpParseException (502) when a route is set and the server's name or the target
   *     cannot be written into an absolute-form request line
   */
  static Outbound of(String id, RequestHead request, BodyFraming framing, Endpoint destination,
      ConnectionPolicy policy) throws HttpParseException {
    Headers forwarded = request.headers().copy();
    String upgrade = upgradeOf(request);
    HopByHop.strip(forwarded);
    String target = TargetUrl.forOrigin(request, forwarded);
    TargetUrl.checkHost(id, forwarded, destination);
    String host = forwarded.first("Host");
    String clientAuthority = host == null || host.isEmpty() ? destination.toString() : host;
    Endpoint endpoint = destination;
    Mount mount = policy.mountFor(target);
    if (mount != null) {
      target = Objects.requireNonNull(mount.rewriteTarget(target));
      forwarded.set("Host", mount.authority());
      endpoint = mount.endpoint();
    }
    Route route = policy.route();
    if (route != null) {
      String absolute = TargetUrl.forProxy(endpoint, target);
      if (absolute == null) {
        throw new HttpParseException(502, "the request cannot be sent through the upstream proxy"
            + " route: its server or target is not a plain host and path");
      }
      target = absolute;
      endpoint = route.proxy();
    }
    boolean expectContinue = forwarded.containsToken("Expect", "100-continue");
    if (upgrade != null) {
      forwarded.set("Upgrade", upgrade);
      forwarded.set("Connection", "upgrade");
    }
    // after stripping, before the framing is set: rules cannot name framing or hop-by-hop fields
    policy.requestRules().apply(forwarded);
    if (route != null && route.authorization() != null) {
      // after the rules, which cannot name Proxy-Authorization; the client's was stripped
      forwarded.set("Proxy-Authorization", route.authorization());
    }
    if (framing.kind() == BodyFraming.Kind.CHUNKED) {
      forwarded.remove("Content-Length");
      forwarded.set("Transfer-Encoding", "chunked");
    }
    return new Outbound(
        new RequestHead(request.method(), target, HttpVersion.HTTP_1_1, forwarded),
        endpoint, mount, route, clientAuthority, expectContinue);
  }

  /** The request's Upgrade protocols, or null; h2c is refused (never tunnelled). */
  static @Nullable String upgradeOf(RequestHead request) {
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
}
