/** How an application embeds SocksTap: a few lines of builder code. */
@NullMarked
package org.sockstap.examples.embedding;

import org.jspecify.annotations.NullMarked;
