package io.leadscore.ingest;

import com.typesafe.config.Config;
import io.leadscore.ingest.SourceMapping.Column;
import java.util.List;
import java.util.Map;

/**
 * The rules a parsed mapping must keep across its keys: settings that name columns name real ones, a row-derived
 * key stands alone on a labelled export, and the outcome reads as converted / not converted. Checked at start-up,
 * so a wrong mapping fails with the way out, not later in a job.
 */
final class MappingRules {
  private MappingRules() {}

  static void mustBeColumn(String at, String name, Map<String, Column> cols) {
    if (!cols.containsKey(name)) {
      throw IngestErrors.notAColumn(at, name, cols.keySet());
    }
  }

  /**
   * {@code key = ["@row"]}: the id is derived from the file's content hash and the record number
   * ({@link RowKey}). That id exists in this file only, so it must be the whole key, of a static labelled
   * export (features from its own rows, nothing joins to it), and it takes the canonical {@code lead_id}.
   */
  static void rowKey(String where, List<String> key, Map<String, Column> cols, String latestBy,
                     String outcome, String table) {
    if (key.size() != 1) {
      throw IngestErrors.of("%s.key is %s: \"%s\" derives the whole key from the file and the row number, "
          + "it cannot be combined with other key columns. Use key = [\"%s\"] alone, or name only real id columns",
          where, key, SourceMapping.ROW_KEY, SourceMapping.ROW_KEY);
    }
    if (outcome == null) {
      throw IngestErrors.of("%s.key is [\"%s\"], but the source has no outcome: a row-derived id is only for a "
          + "static labelled export (declare `outcome`), whose features come from its own rows. Table '%s' is "
          + "joined by its key to other exports (activities, opportunities, consent, events), and an id made from "
          + "this file's hash and row numbers matches nothing in them; map the export's id column as the key",
          where, SourceMapping.ROW_KEY, table);
    }
    if (latestBy != null) {
      throw IngestErrors.of("%s.key is [\"%s\"] and latest_by is '%s': every row has its own id, so there "
          + "is never a later row of the same lead to choose. Remove latest_by", where, SourceMapping.ROW_KEY,
          latestBy);
    }
    if (cols.containsKey(SourceMapping.ROW_KEY_COLUMN)) {
      throw IngestErrors.of("%s.key is [\"%s\"], which derives the canonical '%s', but the mapping also has "
          + "a column '%s' (from \"%s\"). Either drop it (columns.%s = null) or use it as the key (key = [%s])",
          where, SourceMapping.ROW_KEY, SourceMapping.ROW_KEY_COLUMN, SourceMapping.ROW_KEY_COLUMN,
          cols.get(SourceMapping.ROW_KEY_COLUMN).from(), SourceMapping.ROW_KEY_COLUMN, SourceMapping.ROW_KEY_COLUMN);
    }
  }

  /**
   * The outcome must read as converted / not converted: boolean, an int/long limited to 0..1 by its rules,
   * or a string that names its converted values with {@code true_values}. Checked at start-up, so a wrong
   * type fails here with the way out, not later as a null in training.
   */
  static void outcomeType(String where, Config c, Column col) {
    String at = where + ".columns." + col.name();
    switch (col.type()) {
      case "boolean" -> { }
      case "int", "long" -> {
        ColumnRules r = col.rules();
        if (r.min() == null || r.max() == null || r.min() < 0 || r.max() > 1) {
          throw IngestErrors.of("%s is the outcome (type %s) but may hold values other than 0 and 1: declare "
              + "min = 0, max = 1 (other values are then quarantined), or map it as boolean", at, col.type());
        }
      }
      case "string" -> {
        boolean declared;
        try {
          declared = c.hasPath("columns." + col.name() + ".true_values");
        } catch (com.typesafe.config.ConfigException e) {
          declared = false;
        }
        if (!declared) {
          throw IngestErrors.of("%s is the outcome and a string: name its converted values with true_values "
              + "(e.g. true_values = [\"Won\", \"Converted\"]); every other value reads as not converted", at);
        }
      }
      default -> throw IngestErrors.of("%s is the outcome but has type %s: use boolean, int (0/1) or string "
          + "with true_values", at, col.type());
    }
  }
}
