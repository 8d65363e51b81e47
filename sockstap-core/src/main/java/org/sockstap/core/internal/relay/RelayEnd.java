package org.sockstap.core.internal.relay;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * One side handed to the relay.
 *
 * @param channel the connected socket, in any blocking mode; the relay makes it non-blocking
 * @param replay bytes this side sent before the relay took over and that the other side has not
 *     seen yet (read during the SOCKS negotiation or detection), or null
 * @param endedAfterReplay whether this side had already closed its output before the relay
 */
public record RelayEnd(SocketChannel channel, @Nullable ByteBuffer replay,
    boolean endedAfterReplay) {}
