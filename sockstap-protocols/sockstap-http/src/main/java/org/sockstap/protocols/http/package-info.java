/**
 * HTTP/1.x over SOCKS: the detector that recognises a request line, and the handler that proxies
 * each request strictly (RFC 9110, RFC 9112).
 */
@NullMarked
package org.sockstap.protocols.http;

import org.jspecify.annotations.NullMarked;
