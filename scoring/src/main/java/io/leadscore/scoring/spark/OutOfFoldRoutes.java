package io.leadscore.scoring.spark;

import static io.leadscore.core.Columns.ARM;
import static io.leadscore.core.Columns.LEAD_ID;
import static org.apache.spark.sql.functions.*;

import io.leadscore.models.score.ScoringModel;
import io.leadscore.models.registry.ModelCard;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Names each lead's model ({@link BatchScoring#ROUTE}): a static export's training lead goes to the CV fold
 * model of its arm's version that did not see it, a holdout lead the deployed model was refitted on goes to
 * the evaluated fit, every other lead to its arm's deployed model. Which leads are which comes from the
 * version's own record ({@code out_of_fold} in its folder), not from today's training set: a lead added
 * since training was never seen and is scored by the deployed model.
 */
final class OutOfFoldRoutes {
  private static final String KEY = "_lead_sha256";

  private OutOfFoldRoutes() {}

  static Dataset<Row> route(SparkSession spark, Dataset<Row> leads, List<ModelCard> cards, List<String> arms) {
    Column route = col(ARM);
    Dataset<Row> out = leads;
    List<String> added = new ArrayList<>();
    for (int i = 0; i < cards.size(); i++) {
      if (cards.get(i).outOfFold().isEmpty()) {
        continue;
      }
      ModelCard.OutOfFold oof = cards.get(i).outOfFold().get();
      String arm = arms.get(i);
      String source = "_oof_source_" + i;
      String fold = "_oof_fold_" + i;
      // the version records its leads by SHA-256 of the id (no raw ids in a write-once model folder)
      Dataset<Row> seen = spark.read().parquet(oof.leadsPath()).dropDuplicates("lead_sha256")
          .select(col("lead_sha256").as(KEY), col("source").as(source), col("fold").as(fold));
      if (!java.util.Arrays.asList(out.columns()).contains(KEY)) {
        out = out.withColumn(KEY, sha2(col(LEAD_ID).cast("string"), 256));
        added.add(KEY);
      }
      out = out.join(seen, new String[] {KEY}, "left");
      Column ofArm = col(ARM).equalTo(lit(arm));
      route = when(ofArm.and(col(source).equalTo(ScoringModel.OUT_OF_FOLD)),
              concat(lit(ScoringModel.outOfFoldPrefix(arm)),
                  col(fold).cast("string")))
          .when(ofArm.and(col(source).equalTo(ScoringModel.HOLDOUT).and(lit(oof.holdoutByEvaluated()))),
              lit(ScoringModel.route(arm, ScoringModel.HOLDOUT, null)))
          .otherwise(route);
      added.add(source);
      added.add(fold);
    }
    return out.withColumn(BatchScoring.ROUTE, route).drop(added.toArray(String[]::new));
  }
}
