/** The opaque relay: the byte-exact, bidirectional copy used for everything not interpreted. */
@NullMarked
package org.sockstap.core.internal.relay;

import org.jspecify.annotations.NullMarked;
