/**
 * Test support shared with the protocol modules through the test jar: loopback servers with
 * scripted behaviour, a byte-level SOCKS client and leak checks.
 */
@NullMarked
package org.sockstap.core.testing;

import org.jspecify.annotations.NullMarked;
