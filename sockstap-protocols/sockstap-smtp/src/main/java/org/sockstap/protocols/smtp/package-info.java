/**
 * SMTP support for SocksTap: {@link org.sockstap.protocols.smtp.SmtpDetector} recognises an SMTP
 * session from the server's greeting, or, when the greeting could also be FTP's, from the
 * client's first command.
 */
@NullMarked
package org.sockstap.protocols.smtp;

import org.jspecify.annotations.NullMarked;
