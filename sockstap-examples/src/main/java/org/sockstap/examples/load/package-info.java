/**
 * An end-to-end SOCKS load generator and its target servers, in Java:
 * {@code java -cp sockstap.jar org.sockstap.examples.load.SocksLoad MODE [options]}. The modes,
 * options and {@code RESULT} lines mirror the C tool {@code socksload} of the benchmark harness,
 * so figures from either can be set side by side. It talks to loopback addresses only.
 */
@NullMarked
package org.sockstap.examples.load;

import org.jspecify.annotations.NullMarked;
