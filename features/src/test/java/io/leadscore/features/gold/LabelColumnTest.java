package io.leadscore.features.gold;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.SparkTestSession;
import io.leadscore.features.gold.spark.LabelledFeatures;
import io.leadscore.ingest.SourceMapping;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/** The outcome column of a labelled export is read as 1/0 whatever its type. */
class LabelColumnTest {
  private static final String BASE = "group = crm, file = a.csv, format = csv, key = [id], outcome = won, "
      + "columns { id = string, ";

  private static SourceMapping parse(String columns) {
    return SourceMapping.all(ConfigFactory.parseString("leadscore.ingest.sources = [s], leadscore.sources.s { "
        + BASE + columns + " } }")).get(0);
  }

  @Test
  void aStringOutcomeIsALabelByItsTrueValues() {
    SourceMapping m = parse("won { type = string, true_values = [Won, \"Closed Won\"] }");
    var spark = SparkTestSession.get();
    var df = spark.createDataset(java.util.Arrays.asList("won", " Closed Won", "Lost", null), Encoders.STRING())
        .toDF("won");
    List<Double> labels = df.select(LabelledFeatures.label(m)).as(Encoders.DOUBLE()).collectAsList();
    assertEquals(java.util.Arrays.asList(1.0, 1.0, 0.0, null), labels);
  }
}
