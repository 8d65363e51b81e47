/** The SOCKS 4, 4a and 5 wire protocols: negotiation, requests, replies, BIND and UDP relay. */
@NullMarked
package org.sockstap.core.internal.socks;

import org.jspecify.annotations.NullMarked;
