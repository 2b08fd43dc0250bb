package io.leadscore.ingest.generate;

import java.util.List;

/**
 * The known conversion mechanism of the synthetic data: a latent intent per lead, raised by seniority,
 * industry and source, drives both how much the lead engages and whether it converts. Engagement
 * intensifies (and shifts to the pricing page) in the weeks before a conversion, so a model that sees
 * recent behaviour can learn something real.
 */
final class Mechanism {
  static final List<String> INDUSTRIES =
      List.of("Software", "Finance", "Healthcare", "Retail", "Manufacturing", "Education", "Media", "Logistics");
  static final double[] INDUSTRY_EFFECT = {0.6, 0.3, 0.1, -0.2, -0.1, -0.4, 0.0, -0.3};
  static final List<String> SENIORITIES = List.of("Intern", "Staff", "Manager", "Director", "VP", "C-Level");
  static final double[] SENIORITY_EFFECT = {-0.8, -0.3, 0.1, 0.4, 0.6, 0.7};
  static final List<String> DEPARTMENTS = List.of("Engineering", "Marketing", "Sales", "Finance", "Operations", "HR");
  static final List<String> SOURCES = List.of("Web", "Referral", "Event", "Paid Search", "Partner", "Cold Outbound");
  static final double[] SOURCE_EFFECT = {0.1, 0.7, 0.3, -0.1, 0.4, -0.6};
  static final List<String> COUNTRIES = List.of("US", "GB", "DE", "FR", "IN", "BR", "CA", "AU");
  static final List<String> PAGES = List.of("/", "/blog", "/docs", "/product", "/case-studies", "/careers", "/about");
  static final List<String> ACTIVITY_TYPES =
      List.of("email_open", "email_click", "call", "meeting", "form_submit", "content_download", "video_view");
  static final String[] USER_AGENTS = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"};
  static final String BOT_AGENT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

  /** Days before a conversion in which engagement ramps up. */
  static final int RAMP_DAYS = 21;

  private Mechanism() {}

  static double conversionProbability(double intent) {
    return 1.0 / (1.0 + Math.exp(-(-1.3 + 1.3 * intent)));
  }

  /** Expected web events per day. */
  static double eventRate(double intent, boolean inRamp) {
    return 0.06 * Math.exp(0.6 * intent) * (inRamp ? 4.0 : 1.0);
  }

  /** Expected CRM activities per day. */
  static double activityRate(double intent, boolean inRamp) {
    return 0.03 * Math.exp(0.5 * intent) * (inRamp ? 3.0 : 1.0);
  }

  static double pricingShare(double intent, boolean inRamp) {
    return Math.min(0.6, 0.04 + 0.06 * Math.max(0, intent + 1) + (inRamp ? 0.2 : 0));
  }
}
