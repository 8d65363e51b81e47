/**
 * NNTP support for SocksTap: {@link org.sockstap.protocols.nntp.NntpDetector} recognises a news
 * reader session from the server's greeting.
 */
@NullMarked
package org.sockstap.protocols.nntp;

import org.jspecify.annotations.NullMarked;
