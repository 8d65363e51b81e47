package org.sockstap.protocols.http;

import java.io.IOException;
import org.sockstap.api.ProtocolHandler;
import org.sockstap.api.TappedConnection;
import org.sockstap.protocols.http.wire.HttpLimits;

/**
 * Proxies HTTP/1.x on a tapped connection: every request is parsed strictly, forwarded to the
 * SOCKS destination with its body streamed, and answered with the server's response, also
 * streamed; one Combined Log Format record per request goes to the access log.
 *
 * <p>Anything ambiguous is refused rather than guessed: a request the parser rejects gets its
 * 4xx/5xx status and the connection is closed, and nothing of it is forwarded; a malformed
 * response gets 502 and the server connection is not reused. When the conversation leaves
 * HTTP/1.x (an accepted {@code Upgrade}, a CONNECT tunnel, HTTP/2 prior knowledge) the rest of
 * the connection is relayed untouched.
 *
 * <p>Stateless: one instance serves every connection; found through {@link java.util.ServiceLoader}.
 */
public final class HttpHandler implements ProtocolHandler {
  private final HttpLimits limits;

  /** Creates the handler with the default limits (8 KiB request line, 64 KiB header section). */
  public HttpHandler() {
    this(HttpLimits.defaults());
  }

  /**
   * Creates the handler with other limits.
   *
   * @param limits the parsing limits
   */
  public HttpHandler(HttpLimits limits) {
    this.limits = limits;
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
    new HttpProxyConnection(connection, limits).run();
  }
}
