package io.leadscore.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.leadscore.core.LeadscoreException;
import io.leadscore.core.config.LeadscoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceMappingTest {
  private static SourceMapping parse(String body) {
    return SourceMapping.from("s", ConfigFactory.parseString(body));
  }

  private static String msg(String body) {
    return assertThrows(LeadscoreException.class, () -> parse(body)).getMessage();
  }

  @Test
  void shortFormStillWorks() {
    SourceMapping m = parse("group = crm, file = a.csv, format = csv, key = [id], columns { id = \"string, required\", "
        + "n = int }");
    assertEquals(List.of("id"), m.silver().key());
    SourceMapping.Column id = m.column("id").orElseThrow();
    assertTrue(id.required());
    assertEquals("id", id.from());
    assertEquals("int", m.column("n").orElseThrow().type());
    assertFalse(m.column("n").orElseThrow().required());
    assertEquals("s", m.silver().table());
  }

  @Test
  void longFormReadsHeaderMarkersAndRules() {
    SourceMapping m = parse("group = crm, file = a.csv, format = csv, key = [id], missing = [\"\", Select], "
        + "columns { id { from = \"Prospect ID\", type = string, required = true, pattern = \"[a-z]+\" }, "
        + "n { from = \"Total Visits\", type = int, min = 0, max = 10 }, "
        + "stage { type = string, normalise = [trim, lower], allowed = [won, lost], missing = [\"N/A\"] } }");
    SourceMapping.Column id = m.column("id").orElseThrow();
    assertEquals("Prospect ID", id.from());
    assertEquals("[a-z]+", id.rules().pattern());
    assertEquals(List.of("", "Select"), id.text().missing());
    SourceMapping.Column n = m.column("n").orElseThrow();
    assertEquals(0.0, n.rules().min());
    assertEquals(10.0, n.rules().max());
    SourceMapping.Column stage = m.column("stage").orElseThrow();
    assertEquals(List.of("won", "lost"), stage.rules().allowed());
    assertEquals(List.of("N/A"), stage.text().missing(), "a column's own markers replace the source's");
    assertEquals(List.of("trim", "lower"), stage.text().normalise());
  }

  @Test
  void rejectsMistakesWithTheKeyPath() {
    String base = "group = crm, file = a.csv, format = csv, key = [id], columns { id = string, ";
    assertTrue(msg(base + "n { type = int, requried = true } }").contains("leadscore.sources.s.columns.n has unknown "
        + "key 'requried'"));
    assertTrue(msg(base + "n { type = integer } }").contains("leadscore.sources.s.columns.n has type 'integer'"));
    assertTrue(msg(base + "n { type = int, min = 5, max = 1 } }").contains("min 5.0 > max 1.0"));
    assertTrue(msg(base + "n { type = string, min = 1 } }").contains("ranges apply to int, long and double"));
    assertTrue(msg(base + "n { type = string, pattern = \"[a-\" } }").contains("is not a regular expression"));
    assertTrue(msg(base + "n = \"int, requird\" }").contains("the short form is"));
    assertTrue(msg(base + "n = int }, hygiene { cap_iqr = [id] }").contains("only numeric columns can be capped"));
    assertTrue(msg(base + "n = int }, latest_by = nope").contains("latest_by names 'nope'"));
    assertTrue(msg("group = crm, file = a.csv, format = xml, key = [id], columns { id = string }")
        .contains("format is 'xml'; allowed: [csv, jsonl, parquet]"));
    assertTrue(msg(base + "n = int }, encoding = \"KLINGON-8\"").contains("not a known character set"));
    assertTrue(msg(base + "n = int }, colums = {}").contains("unknown key 'colums'"));
  }

  @Test
  void xeducationMappingHasTheContractedShape() {
    // parsed without the unknown-key check: conf/local.conf also sets keys of modules this one does not see
    var config = ConfigFactory.parseFile(new java.io.File("../conf/xeducation.conf"))
        .withFallback(LeadscoreConfig.defaults(Map.of())).resolve();
    List<SourceMapping> all = SourceMapping.all(config);
    assertEquals(1, all.size());
    SourceMapping x = all.get(0);
    assertEquals("xeducation", x.name());
    assertEquals("leads", x.silver().table());
    assertEquals("converted", x.silver().outcome());
    assertEquals(List.of("lead_id"), x.silver().key());
    assertNull(x.silver().latestBy());
    assertEquals(37, x.columns().size(), "all 37 export columns are mapped");
    assertEquals("Prospect ID", x.column("lead_id").orElseThrow().from());
    assertEquals("double", x.column("page_views_per_visit").orElseThrow().type());
    assertEquals("boolean", x.column("do_not_email").orElseThrow().type());
    assertEquals("int", x.column("asymmetrique_profile_score").orElseThrow().type());
    assertTrue(x.privacy().excludeFromModel().containsAll(List.of("tags", "lead_quality", "lead_number")));
    assertEquals("lakehouse-xeducation", config.getString("leadscore.storage.root"));
    assertFalse(config.getBoolean("leadscore.landing.generate_if_empty"));
  }

  @Test
  void rowKeyDerivesLeadIdOnlyAsTheWholeKeyOfALabelledExport() {
    SourceMapping m = parse("group = crm, file = a.csv, format = csv, key = [\"@row\"], outcome = won, "
        + "columns { won = boolean, n = int }");
    assertTrue(m.rowKey());
    assertEquals(List.of("lead_id"), m.keyColumns());
    String base = "group = crm, file = a.csv, format = csv, outcome = won, columns { won = boolean, n = int";
    String mixed = msg(base + ", email = string }, key = [\"@row\", email]");
    assertTrue(mixed.contains("leadscore.sources.s.key is [@row, email]") && mixed.contains("cannot be combined"),
        mixed);
    String joined = msg("group = crm, file = a.csv, format = csv, table = leads, key = [\"@row\"], "
        + "columns { n = int }");
    assertTrue(joined.contains("leadscore.sources.s.key is [\"@row\"]") && joined.contains("no outcome")
        && joined.contains("Table 'leads' is joined by its key"), joined);
    String clash = msg(base + ", lead_id { from = \"Prospect ID\", type = string } }, key = [\"@row\"]");
    assertTrue(clash.contains("also has a column 'lead_id' (from \"Prospect ID\")")
        && clash.contains("columns.lead_id = null"), clash);
    String latest = msg(base + ", at = timestamp }, key = [\"@row\"], latest_by = at");
    assertTrue(latest.contains("latest_by is 'at'"), latest);
  }

  @Test
  void aColumnSetToNullIsDroppedFromTheMapping() {
    SourceMapping m = SourceMapping.from("s", ConfigFactory.parseString("group = crm, file = a.csv, format = csv, "
        + "key = [id], columns { id = string, n = int, gone = string }, columns.gone = null").resolve());
    assertEquals(List.of("id", "n"), m.columns().stream().map(SourceMapping.Column::name).sorted().toList());
  }

  @Test
  void xeducationWithoutIdsByConfiguration() {
    var config = ConfigFactory.parseFile(new java.io.File("../conf/xeducation-rowkey.conf"))
        .withFallback(LeadscoreConfig.defaults(Map.of())).resolve();
    SourceMapping x = SourceMapping.all(config).get(0);
    assertEquals(List.of("@row"), x.silver().key());
    assertEquals(List.of("lead_id"), x.keyColumns());
    assertEquals(35, x.columns().size(), "37 export columns less Prospect ID and Lead Number");
    assertTrue(x.column("lead_id").isEmpty() && x.column("lead_number").isEmpty());
  }

  @Test
  void rowKeyIsTheFileHashPrefixAndTheRecordNumber() {
    String sha = "3F2A9C0D1E4B5A67" + "0".repeat(48);
    assertEquals("3f2a9c0d1e4b5a67-42", RowKey.of(sha, 42));
    assertNotEquals(RowKey.of(sha, 1), RowKey.of("3f2a9c0d1e4b5a68" + "0".repeat(48), 1), "another file, other ids");
    assertThrows(IllegalArgumentException.class, () -> RowKey.of(sha, 0));
    assertThrows(IllegalArgumentException.class, () -> RowKey.of("abc", 1));
  }

  @Test
  void iqrFences() {
    double[] f = Hygiene.fences(10, 20, 1.5);
    assertArrayEquals(new double[] {-5, 35}, f);
    assertThrows(IllegalArgumentException.class, () -> Hygiene.fences(20, 10, 1.5));
  }

  @Test
  void inputGoesToTheOnlySourceOrTheOneWithThatFileName() {
    var config = LeadscoreConfig.defaults(Map.of());
    IngestSpec spec = new IngestSpec(java.time.LocalDate.parse("2026-11-24"), Path.of("landing"),
        SourceMapping.all(config), "salt");
    IngestSpec in = spec.withInput("/data/x/leads.csv");
    assertEquals("/data/x/leads.csv", in.inputs().get("leads"));
    assertEquals("crm/2026-11-24/leads.csv", in.recordedName(spec.sources().stream()
        .filter(m -> m.name().equals("leads")).findFirst().orElseThrow()));
    String m = assertThrows(LeadscoreException.class, () -> spec.withInput("/data/Leads-export.csv")).getMessage();
    assertTrue(m.contains("cannot tell which source"), m);
  }

  @Test
  void underscoreNormalisesSpellingsAndAllowedValuesMustBeInNormalForm() {
    SourceMapping m = parse("group = crm, file = a.csv, format = csv, key = [id], columns { id = string, "
        + "status { type = string, normalise = [trim, lower, underscore], allowed = [opt_in, opt_out] } }");
    SourceMapping.Column status = m.column("status").orElseThrow();
    for (String spelling : List.of("Opt-Out", " opt_out ", "OPT OUT", "opt - out", "Opt__Out")) {
      assertEquals("opt_out", status.normalised(spelling), spelling);
    }
    String bad = msg("group = crm, file = a.csv, format = csv, key = [id], columns { id = string, "
        + "status { type = string, normalise = [trim, lower], allowed = [Opt_Out] } }");
    assertTrue(bad.contains("leadscore.sources.s.columns.status.allowed has 'Opt_Out'") && bad.contains("'opt_out'"),
        bad);
    assertTrue(msg("group = crm, file = a.csv, format = csv, key = [id], columns { id = string, "
        + "s { type = string, normalise = [snake] } }").contains("allowed: [lower, trim, underscore, upper]"));
  }

  @Test
  void theGeneratedConsentMappingNormalisesAndChecksStatusAndChannel() {
    SourceMapping consent = SourceMapping.all(LeadscoreConfig.defaults(Map.of())).stream()
        .filter(m -> m.name().equals("consent")).findFirst().orElseThrow();
    assertFalse(consent.delivery().required(), "a day without consent changes may deliver no file");
    SourceMapping.Column status = consent.column("status").orElseThrow();
    assertEquals(List.of("opt_in", "opt_out"), status.rules().allowed());
    assertEquals("opt_out", status.normalised(" Opt-Out "));
    SourceMapping.Column channel = consent.column("channel").orElseThrow();
    assertTrue(channel.rules().allowed().containsAll(List.of("profiling", "all")));
    assertEquals("profiling", channel.normalised("Profiling "));
  }
}

