/**
 * The SocksTap server: build one with {@link org.sockstap.core.SocksTapServer#builder()}.
 *
 * <pre>{@code
 * try (SocksTapServer server = SocksTapServer.builder()
 *     .listen("127.0.0.1", 1080)
 *     .tap("http,ftp")
 *     .build()) {
 *   server.awaitClose();
 * }
 * }</pre>
 */
@NullMarked
package org.sockstap.core;

import org.jspecify.annotations.NullMarked;
