/**
 * What the JMH benchmarks of every module share through the core test jar: the launcher the
 * {@code jmh} profile runs, a check that runs each benchmark once in the normal build, and
 * in-memory input that replays wire bytes.
 */
@NullMarked
package org.sockstap.core.testing.jmh;

import org.jspecify.annotations.NullMarked;
