package org.sockstap.protocols.smtp;

import java.util.Set;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.api.text.FtpSmtpGreeting;

/**
 * Recognises SMTP (RFC 5321) from the server's greeting, and from the client's first command when
 * the greeting could also be FTP's.
 *
 * <p>SMTP is server-first: a client that speaks before the server has said anything is not an SMTP
 * client. The greeting decides when it can: a {@code 220}/{@code 421} greeting that names SMTP
 * software ({@code 220 mail.example.com ESMTP Postfix}), or a {@code 554} (no service), is SMTP;
 * one that names FTP software, or a {@code 120}, is not. A greeting that names neither ({@code 220
 * ready}) waits for the client's first command: {@code EHLO} and {@code HELO} are SMTP,
 * {@code USER}, {@code AUTH}, {@code FEAT} and the like are not, and {@code QUIT}, {@code NOOP}
 * and {@code HELP} leave the choice to the destination port. Only the first line of the greeting
 * (up to 512 bytes), at most 4 KiB of a multi-line greeting and at most 512 client bytes are ever
 * looked at.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class SmtpDetector implements ProtocolDetector {

  private static final Set<Integer> PORTS = Set.of(25, 587, 2525);

  /** Creates the detector; it keeps no state, so one instance serves every connection. */
  public SmtpDetector() {}

  /**
   * Returns {@code "smtp"}.
   *
   * @return {@code "smtp"}
   */
  @Override
  public String protocol() {
    return "smtp";
  }

  /**
   * Examines the greeting and, when it fits FTP as well, the client's first command.
   *
   * @param input the bytes from both sides
   * @return {@link Detection#RECOGNISED} for SMTP, {@link Detection#NEED_SERVER_BYTES} while the
   *     greeting is incomplete, {@link Detection#NEED_CLIENT_BYTES} while an ambiguous greeting
   *     waits for a telling command, otherwise {@link Detection#NOT_RECOGNISED}
   */
  @Override
  public Detection detect(DetectionInput input) {
    return FtpSmtpGreeting.verdict(FtpSmtpGreeting.Kind.SMTP, input);
  }


  /**
   * Returns the SMTP relay and submission ports: 25, 587 and the common alternative 2525. Port 465
   * (implicit TLS) is left out, since its bytes are TLS rather than SMTP.
   *
   * @return {@code [25, 587, 2525]}
   */
  @Override
  public Set<Integer> wellKnownPorts() {
    return PORTS;
  }
}
