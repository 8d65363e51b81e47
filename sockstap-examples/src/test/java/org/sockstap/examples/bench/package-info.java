/**
 * JMH benchmarks of protocol detection over typical first bytes, with every detector SocksTap
 * ships: this module is the one that sees them all, and core's detection engine too. Run with
 * the root pom's {@code jmh} profile; the normal build only runs each once ({@link
 * org.sockstap.examples.bench.BenchmarksRunTest}).
 */
@NullMarked
package org.sockstap.examples.bench;

import org.jspecify.annotations.NullMarked;
