package org.sockstap.protocols.ftp;

import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.text.FtpSmtpGreeting;

/**
 * Recognises FTP (RFC 959) from the server's greeting, and from the client's first command when
 * the greeting could also be SMTP's.
 *
 * <p>FTP is server-first: a client that speaks before the server has said anything is not an FTP
 * client. The greeting decides when it can: {@code 120}, or a {@code 220}/{@code 421} greeting
 * that names FTP software ({@code 220 (vsFTPd 3.0.3)}, {@code 220-FileZilla Server}), is FTP; one
 * that names SMTP software, or a {@code 554}, is not. A greeting that names neither ({@code 220
 * Service ready for new user.}) waits for the client's first command: {@code USER}, {@code AUTH},
 * {@code FEAT} and the like are FTP, {@code EHLO} and {@code HELO} are not, and {@code QUIT},
 * {@code NOOP} and {@code HELP} leave the choice to the destination port. Only the first line of
 * the greeting (up to 512 bytes), at most 4 KiB of a multi-line greeting and at most 512 client
 * bytes are ever looked at.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class FtpDetector implements ProtocolDetector {

  private static final Set<Integer> PORTS = Set.of(21);

  /** Creates the detector; it keeps no state, so one instance serves every connection. */
  public FtpDetector() {}

  /**
   * Returns {@code "ftp"}.
   *
   * @return {@code "ftp"}
   */
  @Override
  public String protocol() {
    return "ftp";
  }

  /**
   * Examines the greeting and, when it fits SMTP as well, the client's first command.
   *
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for FTP, {@link Detection#NEED_SERVER_BYTES} while the
   *     greeting is incomplete, {@link Detection#NEED_CLIENT_BYTES} while an ambiguous greeting
   *     waits for a telling command, otherwise {@link Detection#NOT_RECOGNISED}
   */
  @Override
  public Detection detect(DetectionInput input) {
    return FtpSmtpGreeting.verdict(FtpSmtpGreeting.Kind.FTP, input);
  }


  /**
   * Returns port 21, FTP's control port.
   *
   * @return {@code [21]}
   */
  @Override
  public Set<Integer> wellKnownPorts() {
    return PORTS;
  }
}
