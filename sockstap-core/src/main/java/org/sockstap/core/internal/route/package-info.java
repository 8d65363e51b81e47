/**
 * How SocksTap reaches servers: directly, or through an upstream SOCKS4/4a/5 server or HTTP
 * CONNECT proxy, chosen per protocol and destination by route rules.
 */
@NullMarked
package org.sockstap.core.internal.route;

import org.jspecify.annotations.NullMarked;
