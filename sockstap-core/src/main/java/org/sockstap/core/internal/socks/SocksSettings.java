package org.sockstap.core.internal.socks;

import org.jspecify.annotations.Nullable;
import org.sockstap.api.Authenticator;

/**
 * What the negotiation accepts.
 *
 * @param socks4 whether SOCKS4 and 4a requests are served
 * @param socks5 whether SOCKS5 requests are served
 * @param authenticator checks RFC 1929 credentials; null when no authentication is required
 */
public record SocksSettings(boolean socks4, boolean socks5, @Nullable Authenticator authenticator) {}
