/**
 * Helpers for detectors of line-based, server-first protocols: bounded scanning of reply lines,
 * and the FTP-or-SMTP decision that both of those protocols' detectors must take identically
 * (both greet with {@code 220}; see {@link org.sockstap.api.text.FtpSmtpGreeting} and
 * {@link org.sockstap.api.text.FirstCommand}).
 *
 * <p>They live in the api, not in a protocol module, because protocol modules depend on the api
 * only: this is the one place every detector can share. Every method looks at a small, fixed
 * number of bytes whatever the input size, so a detector built on them stays cheap under a flood.
 */
@NullMarked
package org.sockstap.api.text;

import org.jspecify.annotations.NullMarked;
