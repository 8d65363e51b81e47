/**
 * FTP support for SocksTap: {@link org.sockstap.protocols.ftp.FtpDetector} recognises an FTP
 * control connection from the server's greeting, or, when the greeting could also be SMTP's, from
 * the client's first command.
 */
@NullMarked
package org.sockstap.protocols.ftp;

import org.jspecify.annotations.NullMarked;
