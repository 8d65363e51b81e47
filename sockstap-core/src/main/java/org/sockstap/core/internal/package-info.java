/**
 * The server's machinery: accepting, the life of one connection, threads and limits. Not part of
 * the public contract; anything here may change in any release.
 */
@NullMarked
package org.sockstap.core.internal;

import org.jspecify.annotations.NullMarked;
