/**
 * The detection engine: reads the first bytes of both sides of a relayed connection, without
 * losing any, and asks the protocol detectors what they are.
 */
@NullMarked
package org.sockstap.core.internal.detect;

import org.jspecify.annotations.NullMarked;
