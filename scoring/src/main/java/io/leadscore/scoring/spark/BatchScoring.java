package io.leadscore.scoring.spark;

import io.leadscore.features.catalog.FeatureCatalog;
import io.leadscore.models.score.ReasonText;
import io.leadscore.models.score.ReasonSettings;
import io.leadscore.models.score.TierRule;
import io.leadscore.models.score.BatchScorer;
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
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores leads in one pass: each partition fills float batches per arm and calls the native booster
 * (predict, and predictContrib when reasons are wanted), turning contributions into reason sentences in the
 * same pass. This replaces xgboost4j-spark's transform with a contribution column plus a row-wise map, which
 * converted every row to vectors and arrays several times (about 8x slower with reasons). Each model reads its
 * inputs in its own encoding (categorical codes translated by level name) and its reasons use its own levels.
 */
public final class BatchScoring {
  public static final StructType SCHEMA = new StructType()
      .add("lead_id", DataTypes.StringType, false)
      .add("probability", DataTypes.DoubleType, false)
      .add("score", DataTypes.IntegerType, false)
      .add("tier", DataTypes.StringType, false)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("model_name", DataTypes.StringType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("arm", DataTypes.StringType, false)
      .add("action", DataTypes.StringType, false)
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
        : functions.col("arm");
    List<Column> select = new ArrayList<>(List.of(functions.col("lead_id"), route.as(ROUTE)));
    columns.forEach(f -> select.add(functions.col(f).cast("double").as(f)));
    Dataset<Row> rows = input.select(select.toArray(Column[]::new));
    List<ReasonText> texts = models.stream().map(m -> ReasonText.forModel(m, catalog, reasons)).toList();
    SparkSession spark = input.sparkSession();
    Broadcast<List<ScoringModel>> shared = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
        .broadcast(List.copyOf(models));
    return rows.mapPartitions(new Partition(shared, texts, columns, tiers, batchRows), Encoders.row(SCHEMA));
  }

  /** The per-partition function; holds only serialisable values, native boosters are made per task. */
  private static final class Partition implements MapPartitionsFunction<Row, Row> {
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
    public Iterator<Row> call(Iterator<Row> input) {
      List<ScoringModel> ms = models.value();
      Map<String, Arm> arms = new HashMap<>();
      for (int i = 0; i < ms.size(); i++) {
        ScoringModel m = ms.get(i);
        int[] index = m.features().stream().mapToInt(f -> columns.indexOf(f) + 2).toArray();
        arms.put(m.route(), new Arm(index, new ModelBatch(m, texts.get(i), tiers, batchRows)));
      }
      return new Iterator<>() {
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private boolean drained;

        @Override
        public boolean hasNext() {
          while (ready.isEmpty() && !drained) {
            if (input.hasNext()) {
              Row r = input.next();
              Arm arm = arms.get(r.getString(1));
              if (arm == null) {
                throw new IllegalStateException("no model for " + r.getString(1) + " (models: " + arms.keySet() + ")");
              }
              if (arm.add(r)) {
                arm.flush(ready);
              }
            } else {
              arms.values().forEach(a -> a.flush(ready));
              arms.values().forEach(a -> a.batch.close());
              drained = true;
            }
          }
          return !ready.isEmpty();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return ready.poll();
        }
      };
    }
  }

  /** One arm's rows, read from Spark into the batch the online scorer also scores through. */
  private static final class Arm {
    final int[] index;
    final ModelBatch batch;
    final double[] stored;

    Arm(int[] index, ModelBatch batch) {
      this.index = index;
      this.batch = batch;
      this.stored = new double[index.length];
    }

    /** Adds a row; true when the batch is full. */
    boolean add(Row r) {
      for (int k = 0; k < index.length; k++) {
        stored[k] = r.isNullAt(index[k]) ? Double.NaN : r.getDouble(index[k]);
      }
      return batch.add(r.getString(0), stored);
    }

    void flush(ArrayDeque<Row> out) {
      ScoringModel model = batch.model();
      for (ModelBatch.Scored scored : batch.flush()) {
        BatchScorer.Scored s = scored.score();
        out.add(RowFactory.create(scored.leadId(), s.probability(), s.score(), s.tier(),
            s.reasons().toArray(new String[0]), model.name(), model.version(), model.arm(), s.action(),
            model.source(), model.fold()));
      }
    }
  }
}
