package io.leadscore.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadscore.models.tracking.RunRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training set's run record is the same bytes in every JVM: its column spec keeps MLflow's key order. */
class RunRecordsTest {
  @Test
  void theDatasetsColumnSpecListsTypeNameAndRequiredInThatOrder() {
    RunRecord.Dataset d = RunRecords.deltaDataset("training_set", "/lake/gold/training_set", 7,
        List.of("visits_7d", "seniority"), 1234);
    assertEquals("{\"mlflow_colspec\":["
        + "{\"type\":\"double\",\"name\":\"visits_7d\",\"required\":true},"
        + "{\"type\":\"double\",\"name\":\"seniority\",\"required\":true},"
        + "{\"type\":\"integer\",\"name\":\"label\",\"required\":true}]}", d.schema());
    assertEquals("{\"path\":\"/lake/gold/training_set\",\"delta_table_version\":7}", d.source());
    assertEquals("{\"num_rows\":1234}", d.profile());
    assertEquals("v7", d.digest());
  }
}
