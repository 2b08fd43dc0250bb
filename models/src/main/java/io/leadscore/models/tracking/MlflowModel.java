package io.leadscore.models.tracking;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.models.ModelsErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model folder in MLflow's own format, so {@code mlflow.pyfunc.load_model("models:/<name>@champion")}
 * works in a notebook: {@code MLmodel} with the {@code xgboost} and {@code python_function} flavors, the
 * booster in XGBoost's JSON format, the signature (the ordered feature list as the input schema), an input
 * example and the model card. Beside it the run keeps the Spark model that scoring uses.
 *
 * <p>Why the booster JSON is edited: XGBoost 3.x writes {@code base_score} as a vector string
 * ({@code "[3E-1]"}), which XGBoost 1.7 (Debian's python3-xgboost) misreads, predicting other
 * probabilities; a single-target model's base score is written back as the scalar ({@code "3E-1"}) that
 * every XGBoost version reads alike. The feature names are set so a data frame's columns are checked.
 */
public final class MlflowModel {
  /** The files' folder inside the run's artifacts (what the registered version's source points at). */
  public static final String ARTIFACT_PATH = "model";
  static final String BOOSTER_FILE = "model.json";
  /** The XGBoost that wrote the booster (xgboost4j). */
  static final String XGB_VERSION = "3.4.0";
  private static final ObjectMapper JSON = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

  private MlflowModel() {}

  /**
   * The files, keyed by artifact path ({@code model/MLmodel}, ...).
   *
   * @param boosterJson the booster as xgboost4j saves it in JSON ({@code Booster.toByteArray("json")})
   * @param features the model's ordered feature list (its input columns)
   * @param example a few input rows in feature order (NaN = missing)
   * @param modelCard the model card JSON
   */
  public static Map<String, byte[]> files(byte[] boosterJson, List<String> features, List<double[]> example,
                                          byte[] modelCard, String createdUtc) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put(ARTIFACT_PATH + "/MLmodel", mlmodel(features, createdUtc).getBytes(StandardCharsets.UTF_8));
    out.put(ARTIFACT_PATH + "/" + BOOSTER_FILE, portableBooster(boosterJson, features));
    out.put(ARTIFACT_PATH + "/input_example.json", inputExample(features, example));
    out.put(ARTIFACT_PATH + "/requirements.txt", ("mlflow==2.17.2\nxgboost>=1.7\npandas\n").getBytes(StandardCharsets.UTF_8));
    out.put(ARTIFACT_PATH + "/python_env.yaml", ("python: 3.11\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n")
        .getBytes(StandardCharsets.UTF_8));
    out.put(ARTIFACT_PATH + "/model_card.json", modelCard);
    return out;
  }

  static String mlmodel(List<String> features, String createdUtc) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (String f : features) {
      Map<String, Object> col = new LinkedHashMap<>();
      col.put("type", "double");
      col.put("name", f);
      col.put("required", true);
      inputs.add(col);
    }
    String outputs = "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]";
    return String.join("\n",
        "artifact_path: " + ARTIFACT_PATH,
        "flavors:",
        "  python_function:",
        "    data: " + BOOSTER_FILE,
        "    env:",
        "      virtualenv: python_env.yaml",
        "    loader_module: mlflow.xgboost",
        "    python_version: 3.11.2",
        "  xgboost:",
        "    code: null",
        "    data: " + BOOSTER_FILE,
        "    model_class: xgboost.core.Booster",
        "    model_format: json",
        "    xgb_version: " + XGB_VERSION,
        "mlflow_version: 2.17.2",
        "saved_input_example_info:",
        "  artifact_path: input_example.json",
        "  pandas_orient: split",
        "  type: dataframe",
        "signature:",
        "  inputs: " + yamlString(json(inputs)),
        "  outputs: " + yamlString(outputs),
        "  params: null",
        "utc_time_created: " + yamlString(createdUtc),
        "");
  }

  /** A JSON string as a single-quoted YAML scalar (quotes doubled). */
  private static String yamlString(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** The booster JSON with a scalar base_score (single target) and the feature names set. */
  static byte[] portableBooster(byte[] boosterJson, List<String> features) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(boosterJson);
      ObjectNode learner = (ObjectNode) root.path("learner");
      JsonNode param = learner.path("learner_model_param");
      if (param instanceof ObjectNode p) {
        String base = p.path("base_score").asText();
        boolean single = p.path("num_target").asText("1").equals("1");
        if (single && base.startsWith("[") && base.endsWith("]") && !base.contains(",")) {
          p.put("base_score", base.substring(1, base.length() - 1));
        }
      }
      ArrayNode names = learner.putArray("feature_names");
      ArrayNode types = learner.putArray("feature_types");
      for (String f : features) {
        names.add(f);
        types.add("float");
      }
      return JSON.writeValueAsBytes(root);
    } catch (IOException | ClassCastException e) {
      throw ModelsErrors.wrap("Cannot export the booster for MLflow: its JSON is not XGBoost's model format ("
          + e.getMessage() + ")", e);
    }
  }

  static byte[] inputExample(List<String> features, List<double[]> rows) {
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("columns", features);
    split.put("data", rows);
    return json(split).getBytes(StandardCharsets.UTF_8);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw ModelsErrors.cannot("write the MLflow model files as JSON", e);
    }
  }
}
