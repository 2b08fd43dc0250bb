package io.leadscore.models.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MLflow's REST API over the JDK HttpClient: JSON in, JSON out, MLflow's error body turned into a
 * {@link RestError} that keeps the server's {@code error_code} (callers branch on
 * RESOURCE_ALREADY_EXISTS / RESOURCE_DOES_NOT_EXIST). No retries: a failed call fails the delivery, the
 * run stays in the local record and the next sync resumes it.
 */
final class MlflowRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String shown; // base without credentials, for messages
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  MlflowRest(String trackingUri, String token, Duration timeout) {
    this.base = trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri;
    this.token = token;
    this.timeout = timeout;
    this.shown = RunTracker.redact(base);
    this.http = HttpClient.newBuilder().connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout
        : Duration.ofSeconds(10)).build();
  }

  String shown() {
    return shown;
  }

  JsonNode get(String path, Map<String, String> query) {
    String q = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(request(path + (q.isEmpty() ? "" : "?" + q)).GET().build());
  }

  JsonNode post(String path, Map<String, ?> body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json(path, body))).build());
  }

  /** DELETE with a JSON body, as MLflow's own client sends it (e.g. registered-models/alias). */
  JsonNode delete(String path, Map<String, ?> body) {
    return send(request(path).header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString(json(path, body))).build());
  }

  /** Uploads one artifact through the server's artifact proxy ({@code mlflow-artifacts:} run URIs). */
  void putArtifact(String path, byte[] bytes) {
    String encoded = List.of(path.split("/")).stream()
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
    send(request("/api/2.0/mlflow-artifacts/artifacts/" + encoded)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
  }

  private static String json(String path, Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new TrackingException("Cannot encode the request to " + path, e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private JsonNode send(HttpRequest req) {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TrackingException("MLflow at " + shown + " is unreachable (" + req.method() + " " + req.uri().getPath()
          + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingException("Interrupted while calling MLflow at " + shown, e);
    }
    JsonNode body = parse(resp.body());
    if (resp.statusCode() / 100 != 2) {
      throw new RestError(req.method() + " " + req.uri().getPath(), resp.statusCode(),
          body.path("error_code").asText(""), body.path("message").asText(resp.body()));
    }
    return body;
  }

  private static JsonNode parse(String s) {
    try {
      return s == null || s.isBlank() ? JSON.createObjectNode() : JSON.readTree(s);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** An MLflow error response: {"error_code": "...", "message": "..."}. */
  static final class RestError extends TrackingException {
    final String errorCode;
    final int status;

    RestError(String call, int status, String errorCode, String message) {
      super("MLflow " + call + " failed with " + status + " " + errorCode + ": " + message);
      this.errorCode = errorCode;
      this.status = status;
    }
  }
}
