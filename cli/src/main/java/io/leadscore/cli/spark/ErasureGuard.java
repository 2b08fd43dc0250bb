package io.leadscore.cli.spark;

import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import io.leadscore.cli.errors.CliErrors;
import io.leadscore.cli.sql.ErasureFloor;
import io.leadscore.core.Tables;
import io.leadscore.core.Tables.Table;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what {@link ErasureFloor} needs: the latest {@code erased_at} of the ops table {@code erasures} (once per
 * command) and a table's commit times. Only time travel asks for it, so a plain query opens no extra table.
 */
final class ErasureGuard {
  private final SparkSession spark;
  private final Tables tables;
  private Optional<Instant> latest;

  ErasureGuard(SparkSession spark, Tables tables) {
    this.spark = spark;
    this.tables = tables;
  }

  /** The oldest readable version of {@code t}, or empty when no lead was ever erased. */
  Optional<ErasureFloor> floor(Table t) {
    Optional<Instant> erased = latestErasure();
    if (erased.isEmpty()) {
      return Optional.empty();
    }
    NavigableMap<Long, Instant> commits = new TreeMap<>();
    try {
      for (Row r : DeltaTable.forPath(spark, tables.path(t)).history().select("version", "timestamp").collectAsList()) {
        commits.put(r.getLong(0), r.getTimestamp(1).toInstant());
      }
    } catch (RuntimeException e) {
      throw CliErrors.cannotRead("the history of " + t.tableName(), LakehouseViews.firstLine(e.getMessage()), e);
    }
    return ErasureFloor.of(t.tableName(), commits, erased.get());
  }

  private Optional<Instant> latestErasure() {
    if (latest == null) {
      String path = tables.path(Table.ERASURES);
      if (!DeltaTable.isDeltaTable(spark, path)) {
        latest = Optional.empty();
      } else {
        Timestamp ts = spark.read().format("delta").load(path).agg(max("erased_at")).head().getTimestamp(0);
        latest = Optional.ofNullable(ts).map(Timestamp::toInstant);
      }
    }
    return latest;
  }
}
