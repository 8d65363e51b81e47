/**
 * The standalone server behind {@code java -jar sockstap.jar}: command-line and config-file
 * parsing into {@link org.sockstap.examples.standalone.Options}, and a launcher that applies them to
 * a {@link org.sockstap.core.SocksTapServer.Builder}.
 */
@NullMarked
package org.sockstap.examples.standalone;

import org.jspecify.annotations.NullMarked;
