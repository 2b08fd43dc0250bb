package io.leadscore.serving.errors;

/** The messages of the serving module: each names the bad value and the way out; none carries a secret or PII. */
public final class ServingErrors {
  private ServingErrors() {}

  public static ServingException config(String format, Object... args) {
    return new ServingException(0, String.format(format, args), 0, null);
  }

  public static ServingException badRequest(String format, Object... args) {
    return new ServingException(400, String.format(format, args), 0, null);
  }

  /** A posted field broke one of ingestion's rules: the field, the rule and what is allowed. */
  public static ServingException badField(int index, String field, String rule, String allowed) {
    return badRequest("leads[%d].fields.%s failed rule '%s'%s", index, field, rule,
        allowed == null ? "" : " (" + allowed + ")");
  }

  public static ServingException unauthorized() {
    return new ServingException(401, "missing or unknown API key: send it as 'Authorization: Bearer <key>' or "
        + "'X-API-Key: <key>'", 0, null);
  }

  public static ServingException optedOut(int index, String leadId, String reason) {
    return new ServingException(403, String.format("leads[%d] (%s) may not be scored: %s (consent forbids "
        + "profiling; no score is given)", index, leadId, reason), 0, null);
  }

  public static ServingException unknownLead(int index, String leadId) {
    return new ServingException(404, String.format("leads[%d]: lead %s is not known to the last nightly (new, "
        + "closed or erased): post its fields to score it as a new lead", index, leadId), 0, null);
  }

  public static ServingException notFound(String path) {
    return new ServingException(404, "no route " + path + " (see openapi.yaml)", 0, null);
  }

  public static ServingException methodNotAllowed(String method, String path) {
    return new ServingException(405, method + " is not allowed on " + path, 0, null);
  }

  public static ServingException tooLarge(long limit) {
    return new ServingException(413, "request body above " + limit + " bytes (leadscore.serving.max_body_bytes): "
        + "split it into several requests", 0, null);
  }

  public static ServingException rateLimited(long retryAfterSeconds) {
    return new ServingException(429, "rate limit of this API key exceeded (leadscore.serving.rate_limit): retry "
        + "after " + retryAfterSeconds + " s", retryAfterSeconds, null);
  }

  public static ServingException unavailable(String what) {
    return new ServingException(503, what, 1, null);
  }

  public static ServingException wrap(String message, Throwable cause) {
    return new ServingException(0, message, 0, cause);
  }
}
