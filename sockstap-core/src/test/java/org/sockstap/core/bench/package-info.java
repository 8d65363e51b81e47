/**
 * JMH benchmarks of core's hot paths: the SOCKS negotiation and the cache stores. Run with the
 * root pom's {@code jmh} profile; the normal build only runs each once ({@link
 * org.sockstap.core.bench.BenchmarksRunTest}).
 */
@NullMarked
package org.sockstap.core.bench;

import org.jspecify.annotations.NullMarked;
