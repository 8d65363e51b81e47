/**
 * Strict HTTP/1.x message syntax and framing (RFC 9112): reading request and response heads,
 * deciding how a body is delimited, decoding and encoding bodies, and the header operations a
 * proxy needs.
 *
 * <p>Everything here works on blocking streams and is meant for one connection's thread. Protocol
 * text is handled as ISO-8859-1 (one char per byte) and header names are compared with ASCII-only
 * case folding, so the JVM's default locale never matters. A {@link
 * org.sockstap.protocols.http.wire.HeadReader} owns the buffered input of one connection for its
 * whole life: bodies are read through {@link org.sockstap.protocols.http.wire.HeadReader#body()}
 * and {@link org.sockstap.protocols.http.wire.BodyReader}, which never read past the end of a
 * message, so pipelined messages are not lost.
 *
 * <p>Typical use by a proxy, for one request:
 *
 * <pre>{@code
 * HeadReader client = new HeadReader(socket.getInputStream(), HttpLimits.defaults());
 * RequestHead request = client.readRequest();          // null: the client is done
 * BodyFraming framing = BodyFraming.forRequest(request);
 * try (BodyReader body = BodyReader.open(client.body(), framing, HttpLimits.defaults())) {
 *   body.transferTo(upstream);                          // read to -1 before the next request
 * }
 * }</pre>
 */
@NullMarked
package org.sockstap.protocols.http.wire;

import org.jspecify.annotations.NullMarked;
