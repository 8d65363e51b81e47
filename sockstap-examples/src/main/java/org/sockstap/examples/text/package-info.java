/** Plain-text formatting shared by the command-line tools of the examples. */
@NullMarked
package org.sockstap.examples.text;

import org.jspecify.annotations.NullMarked;
