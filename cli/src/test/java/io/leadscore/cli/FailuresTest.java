package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailuresTest {
  @Test
  void aSecondFailureOfTheSameRunKeepsTheFirstTrace(@TempDir Path root) throws Exception {
    Path first = Failures.writeTrace(root.toString(), "run-1", "stage 'erase' failed",
        new IllegalStateException("Job 253 cancelled because SparkContext was shut down"));
    Path second = Failures.writeTrace(root.toString(), "run-1", "appending to job_runs",
        new java.util.NoSuchElementException("None.get"));
    assertEquals(first, second);
    assertEquals(root.resolve("ops/logs/leadscore-run-1.log"), first);
    String log = Files.readString(first);
    assertTrue(log.contains("stage 'erase' failed") && log.contains("SparkContext was shut down"), log);
    assertTrue(log.indexOf("appending to job_runs") > log.indexOf("SparkContext was shut down"), log);
  }
}
