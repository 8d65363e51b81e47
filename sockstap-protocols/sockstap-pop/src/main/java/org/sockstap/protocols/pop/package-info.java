/**
 * POP3 support for SocksTap: {@link org.sockstap.protocols.pop.Pop3Detector} recognises a POP3
 * session from the server's {@code +OK} greeting.
 */
@NullMarked
package org.sockstap.protocols.pop;

import org.jspecify.annotations.NullMarked;
