package org.sockstap.protocols.http.bench;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sockstap.core.testing.jmh.BenchmarkCheck;

/** Every benchmark of this module still runs: each is called twice, nothing is measured. */
class BenchmarksRunTest {

  @TestFactory
  List<DynamicTest> everyBenchmarkRuns() throws IOException {
    return BenchmarkCheck.everyBenchmarkOf(BenchmarksRunTest.class);
  }
}
