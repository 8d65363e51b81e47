package org.sockstap.core.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.Cache;
import org.sockstap.core.internal.route.Router;
import org.sockstap.core.internal.socks.SocksSettings;
import org.sockstap.core.rules.TapRule;

/**
 * Everything a built server runs with; immutable.
 *
 * @param listen where to listen
 * @param socks the negotiation settings
 * @param tapRules the tap rules in order
 * @param access the access policy
 * @param router the route rules
 * @param protocols the detectors and handlers
 * @param listeners the connection listeners
 * @param accessLogs where access-log records go
 * @param cache the cache handlers share, or null for none
 * @param protocolParams per-protocol parameters set on the builder, overridden per connection by
 *     the tap rule's
 * @param handshakeTimeout the bound for the whole SOCKS negotiation
 * @param connectTimeout the bound for a connect, upstream handshakes included
 * @param idleTimeout how long a connection may be silent both ways
 * @param detectionTimeout how long detection waits for a decision
 * @param lazyClientWindow how long lazy mode waits for the client before connecting
 * @param bindTimeout how long a BIND waits for the incoming connection
 * @param shutdownGrace how long {@code close()} lets live connections finish
 * @param maxConnections the most connections served at once
 * @param detectionBufferSize the most bytes detection keeps per side
 * @param threadFactory makes connection threads
 */
public record ServerConfig(
    InetSocketAddress listen,
    SocksSettings socks,
    List<TapRule> tapRules,
    AccessPolicy access,
    Router router,
    ProtocolRegistry protocols,
    Listeners listeners,
    AccessLogs accessLogs,
    @Nullable Cache cache,
    Map<String, Map<String, String>> protocolParams,
    Duration handshakeTimeout,
    Duration connectTimeout,
    Duration idleTimeout,
    Duration detectionTimeout,
    Duration lazyClientWindow,
    Duration bindTimeout,
    Duration shutdownGrace,
    int maxConnections,
    int detectionBufferSize,
    ThreadFactory threadFactory) {}
