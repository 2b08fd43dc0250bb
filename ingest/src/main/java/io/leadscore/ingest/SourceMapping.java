package io.leadscore.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one export maps onto its canonical table: file, format, typed columns (with the export's header
 * name, missing markers, normalisation and rules), business key, which timestamp decides "latest wins",
 * which columns are PII, and the analytics hygiene. Built from {@code leadscore.sources.<name>}
 * by {@link MappingParser}.
 *
 * @param delivery where and when the export arrives
 * @param silver   how its rows land in silver
 * @param privacy  the columns hashed, dropped or kept from the model
 */
public record SourceMapping(String name, String format, Delivery delivery, List<Column> columns, Silver silver,
                            Privacy privacy, ReadOptions read, Hygiene hygiene) {

  /**
   * Where and when the export arrives.
   *
   * @param group       the landing folder group: files are found in {@code <landing>/<group>/<date>/}
   * @param file        the export's file name, or a glob ({@code leads*.csv}): each matching file is ingested and
   *                    reconciled on its own
   * @param required    every batch date delivers this export with at least one record: a missing export, or one
   *                    that holds none, is degraded ({@code export_missing}, see {@link RequiredExports}); else
   *                    optional (an empty file or none is fine)
   * @param readyMarker a file (e.g. {@code _SUCCESS}) whose presence in the landing folder says the upload is
   *                    complete; null: files are read as found
   * @param allowEmpty  a required export may hold no record (a "modified since" export on a quiet day): its file
   *                    must be there, an empty one is no problem
   */
  public record Delivery(String group, String file, boolean required, String readyMarker, boolean allowEmpty) {}

  /**
   * How the rows land in silver.
   *
   * @param table      the silver table (default: the source name)
   * @param key        the business key's columns, or {@code ["@row"]} (see {@link RowKey})
   * @param latestBy   the column whose latest value wins among rows of one key (null: the last row read)
   * @param appendOnly rows are facts (events, activities): never updated once in silver; a delivery's new keys
   *                   are inserted by a MERGE bounded to the delivery's own {@code latestBy} range (the time
   *                   column), so a night reads only the silver files of that range
   * @param outcome    for a static labelled export, the column that carries the outcome (else null)
   */
  public record Silver(String table, List<String> key, String latestBy, boolean appendOnly, String outcome) {
    public Silver {
      key = List.copyOf(key);
    }
  }

  /**
   * Columns that never reach silver or the model as they are.
   *
   * @param excludeFromModel columns that must never be model inputs (outcome-leaking or PII)
   */
  public record Privacy(List<String> piiHash, List<String> piiDrop, List<String> excludeFromModel) {
    public Privacy {
      piiHash = List.copyOf(piiHash);
      piiDrop = List.copyOf(piiDrop);
      excludeFromModel = List.copyOf(excludeFromModel);
    }
  }

  public static final Set<String> FORMATS = Set.of("csv", "jsonl", "parquet");
  /** {@code key = ["@row"]}: an export without an id column; see {@link RowKey}. */
  public static final String ROW_KEY = "@row";
  /** The canonical column a row-derived id lands in. */
  public static final String ROW_KEY_COLUMN = "lead_id";

  /**
   * A canonical column.
   *
   * @param from the export's header (or JSON field) name
   * @param text how the export's raw text reads
   */
  public record Column(String name, String type, boolean required, String from, Text text, ColumnRules rules) {
    public static final Set<String> TYPES = Set.of("string", "int", "long", "double", "boolean", "timestamp");
    public static final Set<String> NORMALISERS = Set.of("trim", "lower", "upper", "underscore");
    /** What {@code underscore} replaces by one '_'. */
    public static final String UNDERSCORED = "[-_\\s]+";
    static final List<String> TRUE = List.of("true", "yes", "y", "1");
    static final List<String> FALSE = List.of("false", "no", "n", "0");

    /** The short form's column: header = name, trimmed, empty is missing, default rules. */
    public Column(String name, String type, boolean required) {
      this(name, type, required, name, new Text(List.of(""), List.of("trim"), null, TRUE, FALSE), ColumnRules.NONE);
    }

    /**
     * {@code raw} after this column's normalisation, as Spark's validation computes it (Spark's trim removes
     * spaces only): the allowed values are checked against it when the mapping is read.
     */
    public String normalised(String raw) {
      String v = raw;
      for (String step : text.normalise()) {
        v = switch (step) {
          case "trim" -> v.replaceAll("^ +| +$", "");
          case "lower" -> v.toLowerCase(java.util.Locale.ROOT);
          case "upper" -> v.toUpperCase(java.util.Locale.ROOT);
          case "underscore" -> v.replaceAll(UNDERSCORED, "_");
          // guard: the mapping parser admits only the normalisers above (Column.NORMALISERS)
          default -> throw new IllegalStateException(step);
        };
      }
      return v;
    }

    public boolean numeric() {
      return Set.of("int", "long", "double").contains(type);
    }
  }

  /**
   * How a column's raw text reads.
   *
   * @param missing     values meaning "missing", compared after normalisation
   * @param normalise   steps applied to the raw text, in order: trim (spaces), lower, upper, underscore (each run
   *                    of '-', '_' and white space becomes one '_': "Opt-Out" and "opt out" read as "opt_out"
   *                    after lower)
   * @param format      date-time pattern of a timestamp column (null: ISO-8601)
   * @param trueValues  texts read as true by a boolean column (case-insensitive)
   * @param falseValues texts read as false by a boolean column (case-insensitive)
   */
  public record Text(List<String> missing, List<String> normalise, String format, List<String> trueValues,
                     List<String> falseValues) {
    public Text {
      missing = List.copyOf(missing);
      normalise = List.copyOf(normalise);
      trueValues = List.copyOf(trueValues);
      falseValues = List.copyOf(falseValues);
    }
  }

  public SourceMapping {
    columns = List.copyOf(columns);
  }

  /** True when the id is derived from the file and row number ({@code key = ["@row"]}). */
  public boolean rowKey() {
    return silver.key().equals(List.of(ROW_KEY));
  }

  /** The key's columns in silver: the configured ones, or {@code lead_id} for a row-derived id. */
  public List<String> keyColumns() {
    return rowKey() ? List.of(ROW_KEY_COLUMN) : silver.key();
  }

  /** True when {@code fileName} is this source's export: equal to {@code file}, or matched by it as a glob. */
  public boolean matches(String fileName) {
    if (!isGlob()) {
      return delivery.file().equals(fileName);
    }
    return java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + delivery.file())
        .matches(java.nio.file.Path.of(fileName));
  }

  public boolean isGlob() {
    return delivery.file().chars().anyMatch(ch -> "*?[{".indexOf(ch) >= 0);
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The active sources: {@code leadscore.ingest.sources}, each defined under {@code leadscore.sources}. */
  public static List<SourceMapping> all(Config config) {
    List<SourceMapping> out = new ArrayList<>();
    ConfigObject sources = config.getObject("leadscore.sources");
    for (String name : config.getStringList("leadscore.ingest.sources")) {
      if (!sources.containsKey(name)) {
        throw IngestErrors.of("'leadscore.ingest.sources' names '%s', but there is no leadscore.sources.%s "
            + "(defined: %s)", name, name, new TreeSet<>(sources.keySet()));
      }
      out.add(from(name, config.getConfig("leadscore.sources." + name)));
    }
    return out;
  }

  /** The active source that carries an outcome column (a static labelled export), if any. */
  public static Optional<SourceMapping> labelled(Config config) {
    return all(config).stream().filter(m -> m.silver().outcome() != null).findFirst();
  }

  static SourceMapping from(String name, Config c) {
    return MappingParser.parse(name, c);
  }
}
