/** What a protocol handler holds: the tapped connection, its peers and its server connections. */
@NullMarked
package org.sockstap.core.internal.session;

import org.jspecify.annotations.NullMarked;
