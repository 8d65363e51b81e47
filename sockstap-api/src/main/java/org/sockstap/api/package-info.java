/**
 * The contract between SocksTap and protocol plugins.
 *
 * <p>A plugin supplies a {@link org.sockstap.api.ProtocolDetector} that recognises its protocol from
 * the first bytes of a relayed connection and a {@link org.sockstap.api.ProtocolHandler} that then
 * runs the connection as an application-level proxy. Both are found through
 * {@link java.util.ServiceLoader} (register them in {@code META-INF/services}) or registered on the
 * server builder. Applications observe connections through {@link org.sockstap.api.ConnectionListener}
 * and authenticate SOCKS users through {@link org.sockstap.api.Authenticator}.
 */
@NullMarked
package org.sockstap.api;

import org.jspecify.annotations.NullMarked;
