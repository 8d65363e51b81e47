/**
 * JMH benchmarks of the HTTP module's hot paths: head parsing, body decoding and cache keys
 * (the cache lookup itself, which needs package access, is {@code
 * org.sockstap.protocols.http.ResponseCacheBenchmark}). Run with the root pom's {@code jmh}
 * profile; the normal build only runs each once ({@link
 * org.sockstap.protocols.http.bench.BenchmarksRunTest}).
 */
@NullMarked
package org.sockstap.protocols.http.bench;

import org.jspecify.annotations.NullMarked;
