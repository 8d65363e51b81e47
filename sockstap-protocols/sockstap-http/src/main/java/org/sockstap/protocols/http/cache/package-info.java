/**
 * The rules of a shared HTTP cache (RFC 9111), as pure functions: parsing Cache-Control, the
 * cache key (SOCKS destination, Host and target) and Vary variants, whether a response may be
 * stored, freshness lifetime and age, whether a stored response may be served, conditional
 * revalidation and merging a 304, invalidation after unsafe methods, and the {@code
 * Cache-Status} and {@code Age} values SocksTap sends.
 *
 * <p>Nothing here does I/O or reads a clock: every time-dependent function takes the time as a
 * parameter, so the rules are tested with fixed instants. Protocol text is handled with
 * ASCII-only case folding, whatever the JVM's default locale.
 */
@NullMarked
package org.sockstap.protocols.http.cache;

import org.jspecify.annotations.NullMarked;
