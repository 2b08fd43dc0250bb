package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ACTION;
import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.LEAD_ID;
import static io.leadscore.core.Columns.MODEL_VERSION;
import static io.leadscore.core.Columns.PROBABILITY;
import static io.leadscore.core.Columns.REASONS;
import static io.leadscore.core.Columns.SCORE;
import static io.leadscore.core.Columns.TIER;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.score.ReasonText;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.TierRule;
import io.leadscore.models.score.ModelBatch;
import io.leadscore.models.score.ScoringModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Scores leads in one pass: each partition fills float batches per arm and calls the native booster
 * (predict, and predictContrib when reasons are wanted), turning contributions into reason sentences in the
 * same pass. This replaces xgboost4j-spark's transform with a contribution column plus a row-wise map, which
 * converted every row to vectors and arrays several times (about 8x slower with reasons). Each model reads its
 * inputs in its own encoding (categorical codes translated by level name) and its reasons use its own levels.
 */
public final class BatchScoring {
  public static final StructType SCHEMA = new StructType()
      .add(LEAD_ID, DataTypes.StringType, false)
      .add(PROBABILITY, DataTypes.DoubleType, false)
      .add(SCORE, DataTypes.IntegerType, false)
      .add(TIER, DataTypes.StringType, false)
      .add(REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("model_name", DataTypes.StringType, false)
      .add(MODEL_VERSION, DataTypes.StringType, false)
      .add(ARM, DataTypes.StringType, false)
      .add(ACTION, DataTypes.StringType, false)
      // which fit scored the lead: model (the deployed one), out_of_fold (CV fold score_fold's model, for a
      // static export's training lead) or holdout (the evaluated fit, for a holdout lead the deployed one saw)
      .add("score_source", DataTypes.StringType, false)
      .add("score_fold", DataTypes.IntegerType, true);

  /** Optional input column naming each row's model by {@link ScoringModel#route()}; without it, the arm. */
  public static final String ROUTE = "_route";

  private BatchScoring() {}

  /**
   * @param input  {@code lead_id}, {@code arm} (one of the models' arms), optionally {@link #ROUTE}, and every
   *               feature any model uses
   * @param models one model per arm (and per route, when the input names routes)
   * @param reasons reasons per lead and next-best-action rules; a count of 0 skips the SHAP contributions
   *                altogether (no reasons, no action)
   * @param tiers   the night's tier rule (probability cut-offs, or rank cut-offs from a first pass)
   */
  public static Dataset<Row> score(Dataset<Row> input, List<ScoringModel> models, FeatureCatalog catalog,
                                   ReasonSettings reasons, TierRule tiers, int batchRows) {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    models.forEach(m -> all.addAll(m.features()));
    List<String> columns = new ArrayList<>(all);
    Column route = java.util.Arrays.asList(input.columns()).contains(ROUTE) ? functions.col(ROUTE)
        : functions.col(ARM);
    List<Column> select = new ArrayList<>(List.of(functions.col(LEAD_ID), route.as(ROUTE)));
    columns.forEach(f -> select.add(functions.col(f).cast("double").as(f)));
    Dataset<Row> rows = spread(input.select(select.toArray(Column[]::new)),
        input.sparkSession().sparkContext().defaultParallelism(), reasons.count() > 0);
    List<ReasonText> texts = models.stream().map(m -> ReasonText.forModel(m, catalog, reasons)).toList();
    SparkSession spark = input.sparkSession();
    Broadcast<List<ScoringModel>> shared = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
        .broadcast(List.copyOf(models));
    // Spark's internal rows in and out: the external Row of a row encoder boxes every feature of every lead and
    // decodes every string, which cost more than the native predict itself (ScoreBench, no reasons: 0.27x native)
    JavaRDD<InternalRow> scored = rows.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new Partition(shared, texts, columns, tiers, batchRows));
    return spark.internalCreateDataFrame(scored.rdd(), SCHEMA, false);
  }

  /**
   * The rows split by lead id over the session's cores (its default parallelism). The eligible leads can arrive in one
   * task (a date's features were one file until the features job wrote one per core, and adaptive execution coalesces
   * the small shuffles of the joins before scoring): every lead's TreeSHAP on one core, half of a 1M-lead night's
   * score stage. Shuffling the inputs costs seconds; the split by lead id is the
   * same on every run. Only when the SHAP contributions are computed: without them a lead costs less than its share
   * of the shuffle (ScoreBench at 1M leads, no reasons: 0.35-0.45x native predict before the spread, 0.29x with it).
   */
  static Dataset<Row> spread(Dataset<Row> rows, int cores, boolean contributions) {
    // always, even when the plan shows as many partitions as cores: adaptive execution coalesces small shuffle
    // partitions at run time, and a 1M-lead night's eligible leads then arrived in one task again (measured: the
    // score stage at 51% of 2 cores with a planned-partition test here)
    return cores > 1 && contributions ? rows.repartition(cores, functions.col(LEAD_ID)) : rows;
  }

  /** The per-partition function; holds only serialisable values, native boosters are made per task. */
  private static final class Partition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private final Broadcast<List<ScoringModel>> models;
    private final List<ReasonText> texts;
    private final List<String> columns;
    private final TierRule tiers;
    private final int batchRows;

    Partition(Broadcast<List<ScoringModel>> models, List<ReasonText> texts, List<String> columns, TierRule tiers,
              int batchRows) {
      this.models = models;
      this.texts = new ArrayList<>(texts);
      this.columns = List.copyOf(columns);
      this.tiers = tiers;
      this.batchRows = batchRows;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> input) {
      List<ScoringModel> ms = models.value();
      Map<UTF8String, Arm> arms = new HashMap<>();
      for (int i = 0; i < ms.size(); i++) {
        ScoringModel m = ms.get(i);
        int[] index = m.features().stream().mapToInt(f -> columns.indexOf(f) + 2).toArray();
        arms.put(UTF8String.fromString(m.route()), new Arm(index, new ModelBatch(m, texts.get(i), tiers, batchRows),
            batchRows));
      }
      return new Iterator<>() {
        /** arms with scored rows not yet handed on; no input is read while one is here */
        private final ArrayDeque<Arm> ready = new ArrayDeque<>();
        private boolean drained;
        /** the last row's route and arm: rows mostly come in runs of one arm, and this skips hashing the route */
        private UTF8String lastRoute;
        private Arm last;

        @Override
        public boolean hasNext() {
          while (true) {
            Arm head = ready.peek();
            if (head != null) {
              if (head.hasRows()) {
                return true;
              }
              ready.poll();
            } else if (drained) {
              return false;
            } else if (input.hasNext()) {
              InternalRow r = input.next();
              Arm arm = arm(r);
              if (arm.add(r)) {
                arm.flush(ready);
              }
            } else {
              arms.values().forEach(a -> a.flush(ready));
              arms.values().forEach(a -> a.batch.close());
              drained = true;
            }
          }
        }

        private Arm arm(InternalRow r) {
          UTF8String route = r.isNullAt(1) ? null : r.getUTF8String(1);
          if (route != null && route.equals(lastRoute)) {
            return last;
          }
          Arm arm = route == null ? null : arms.get(route);
          if (arm == null) {
            // guard: the arm rule routes each lead to one of these arms
            throw new IllegalStateException("no model for " + route + " (models: " + arms.keySet() + ")");
          }
          lastRoute = route.clone();
          last = arm;
          return arm;
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          // one reused buffer per arm, as Spark's own iterators hand rows on: an operator that keeps rows copies them
          return ready.peek().next();
        }
      };
    }
  }

  /** One arm's rows, read from Spark into the batch the online scorer also scores through. */
  private static final class Arm {
    final int[] index;
    final ModelBatch batch;
    final double[] stored;
    /** the batch's lead ids as Spark holds them, in the order added: written back without a UTF-8 round trip */
    final UTF8String[] ids;
    final ScoreRowWriter out;
    int added;
    /** the last flush's scores, handed on from {@link #next} */
    List<ModelBatch.Scored> scored = List.of();
    int handed;

    Arm(int[] index, ModelBatch batch, int batchRows) {
      this.index = index;
      this.batch = batch;
      this.stored = new double[index.length];
      this.ids = new UTF8String[batchRows];
      this.out = new ScoreRowWriter(batch.model());
    }

    /** Adds a row (lead id, route, then the features as doubles); true when the batch is full. */
    boolean add(InternalRow r) {
      for (int k = 0; k < index.length; k++) {
        stored[k] = r.isNullAt(index[k]) ? Double.NaN : r.getDouble(index[k]);
      }
      ids[added++] = r.getUTF8String(0).clone();
      return batch.add(stored);
    }

    /** Scores the rows added; {@code ready} gets this arm when it has rows to hand on. */
    void flush(ArrayDeque<Arm> ready) {
      scored = batch.flush();
      handed = 0;
      added = 0;
      if (!scored.isEmpty()) {
        ready.add(this);
      }
    }

    boolean hasRows() {
      return handed < scored.size();
    }

    InternalRow next() {
      int k = handed++;
      return out.write(ids[k], scored.get(k).score());
    }
  }
}
