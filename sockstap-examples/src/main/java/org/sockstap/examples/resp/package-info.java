/**
 * A custom protocol plugin: Redis's RESP, recognised from the client's first command, logged one
 * command verb at a time, with a per-rule list of denied commands.
 */
@NullMarked
package org.sockstap.examples.resp;

import org.jspecify.annotations.NullMarked;
