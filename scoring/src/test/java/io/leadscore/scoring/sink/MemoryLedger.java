package io.leadscore.scoring.sink;

import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.writeback.Writeback;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** crm_sync without Spark, for sink tests: the last confirmed update per lead. */
final class MemoryLedger implements Writeback.Ledger {
  final Map<String, ScoreUpdate> delivered = new TreeMap<>();
  int records;

  @Override
  public void record(List<UpdateBatch> confirmed) {
    records++;
    confirmed.forEach(b -> b.updates().forEach(u -> delivered.put(u.leadId(), u)));
  }

  /** The updates that differ from the last confirmed ones, by lead id (what ScoreJob selects with Spark). */
  Iterator<ScoreUpdate> changed(List<ScoreUpdate> scores) {
    List<ScoreUpdate> out = new ArrayList<>();
    scores.stream().sorted(java.util.Comparator.comparing(ScoreUpdate::leadId))
        .filter(u -> !u.equals(delivered.get(u.leadId()))).forEach(out::add);
    return out.iterator();
  }

  static List<ScoreUpdate> leads(int n, int scoreShift) {
    List<ScoreUpdate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int score = (i * 7 + scoreShift) % 101;
      out.add(new ScoreUpdate(String.format("L%04d", i), score, score >= 70 ? "A" : score >= 40 ? "B" : "C",
          List.of("Opened " + i % 9 + " emails in the last 30 days", "No reply for " + i % 30 + " days"), "3"));
    }
    return out;
  }
}
