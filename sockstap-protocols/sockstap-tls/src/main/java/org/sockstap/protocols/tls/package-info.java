/**
 * TLS over SOCKS: recognises a ClientHello, logs its server name (SNI) and ALPN protocols, applies
 * SNI policy, and relays the encrypted bytes untouched.
 *
 * <p>{@link org.sockstap.protocols.tls.TlsDetector} recognises TLS from the client's first six
 * bytes; {@link org.sockstap.protocols.tls.TlsHandler} reads the whole ClientHello with {@link
 * org.sockstap.protocols.tls.ClientHelloParser}, writes one access-log record, applies the {@code
 * reject-sni}, {@code permit-sni} and {@code require-sni} parameters, and hands the connection to
 * the opaque relay. Nothing is decrypted: SocksTap sees only what the client sends in the clear.
 */
@NullMarked
package org.sockstap.protocols.tls;

import org.jspecify.annotations.NullMarked;
