package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.leadscore.models.tracking.TrackingException;
import io.leadscore.scoring.sink.SinkException;
import java.net.ConnectException;
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

  /**
   * The tracking server's and the CRM sink's failures are ours like any LeadscoreException: their own message is
   * the one a person reads (it names the server or the sink), not the socket error under it, and without a cause
   * they need no trace file.
   */
  @Test
  void trackingAndSinkFailuresAreOurOwnMessages() {
    TrackingException tracking = new TrackingException("MLflow at http://127.0.0.1:5000 is unreachable: run "
        + "`leadscore runs sync` once it is up", new ConnectException("Connection refused"));
    assertEquals("MLflow at http://127.0.0.1:5000 is unreachable: run `leadscore runs sync` once it is up",
        Runner.rootMessage(new RuntimeException("stage 'train' failed", tracking)));
    assertTrue(Failures.expected(new TrackingException("MLflow refused the run: HTTP 400")));
    assertTrue(Failures.expected(SinkException.refused("HTTP 422", "the CRM refused the batch")));
    assertFalse(Failures.expected(tracking), "a wrapped socket error keeps its trace");
  }
}
