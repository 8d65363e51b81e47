/**
 * TLS over SOCKS: recognises a ClientHello, logs its server name (SNI) and ALPN protocols, applies
 * SNI policy, and relays the encrypted bytes untouched.
 */
@NullMarked
package org.sockstap.protocols.tls;

import org.jspecify.annotations.NullMarked;
