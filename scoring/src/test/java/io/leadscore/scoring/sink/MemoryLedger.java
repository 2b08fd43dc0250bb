package io.leadscore.scoring.sink;

import io.leadscore.scoring.sink.CrmSink.ScoreUpdate;
import io.leadscore.scoring.writeback.Writeback;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** crm_sync and the pending ledger without Spark, for sink tests: the last confirmed update per lead. */
final class MemoryLedger implements Writeback.Ledger {
  final Map<String, ScoreUpdate> delivered = new TreeMap<>();
  final Map<String, String> keys = new TreeMap<>();
  List<UpdateBatch> pending = List.of();
  int records;

  @Override
  public List<UpdateBatch> pending() {
    return pending;
  }

  @Override
  public void savePending(List<UpdateBatch> batches) {
    pending = List.copyOf(batches);
  }

  @Override
  public void record(List<UpdateBatch> confirmed) {
    records++;
    confirmed.forEach(b -> b.updates().forEach(u -> {
      delivered.put(u.leadId(), u);
      keys.put(u.leadId(), b.key());
    }));
  }

  /** The updates that differ from the last confirmed ones, by lead id (what CrmSyncLedger selects with Spark). */
  Writeback.Changes changes(List<ScoreUpdate> scores) {
    return stillPending -> {
      List<Writeback.Change> out = new ArrayList<>();
      scores.stream().sorted(Comparator.comparing(ScoreUpdate::leadId))
          .filter(u -> !stillPending.contains(u.leadId()))
          .filter(u -> !u.equals(delivered.get(u.leadId())))
          .forEach(u -> out.add(new Writeback.Change(u, keys.getOrDefault(u.leadId(), ""))));
      return out.iterator();
    };
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
