package io.leadscore.monitoring.report;

import static io.leadscore.monitoring.report.ReportHtml.*;

import io.leadscore.monitoring.RepLeaderboard;
import java.util.Map;
import java.util.TreeSet;

/** The report's reps' leaderboard, for the sales manager: who got which leads, called them in time, converted. */
final class LeaderboardSection {
  private LeaderboardSection() {}

  static void render(StringBuilder b, ReportData.Leaderboard board) {
    b.append("<h2>Reps' leaderboard</h2>");
    if (board.rows().isEmpty()) {
      b.append("<p>No lead was routed to a rep in the window (no reps export, or <code>leadscore route</code> has not run).</p>");
      return;
    }
    StringBuilder sla = new StringBuilder();
    board.sla().forEach((t, d) -> sla.append(sla.isEmpty() ? "" : ", ").append(t).append(" ").append(d));
    b.append("<p>Leads routing assigned in the last ").append(board.windowDays()).append(" days. Contacted in time: "
        + "the first call, email or meeting within the tier's SLA (").append(esc(sla.toString())).append(") of the "
        + "leads whose SLA has run out. Precision: the share of the rep's A/B leads that converted so far. A rep whose "
        + "precision is well below the team's while the team's holds is a coaching matter; every rep low means the "
        + "score is weak.</p>");
    TreeSet<String> tiers = new TreeSet<>();
    board.rows().forEach(r -> tiers.addAll(r.assignedByTier().keySet()));
    b.append("<table class=\"leaderboard\"><tr><th>rep</th>");
    tiers.forEach(t -> b.append("<th class=\"n\">tier ").append(esc(t)).append("</th>"));
    b.append("<th class=\"n\">contacted in time</th><th class=\"n\">A/B converted</th><th class=\"n\">precision</th>"
        + "</tr>");
    for (RepLeaderboard.Standing r : board.rows()) {
      boolean team = r.repId().equals("team");
      b.append(team ? "<tr class=\"team\"><td><b>" : "<tr><td>").append(esc(team ? "Team (all reps)"
          : (r.name().isBlank() ? r.repId() : r.name() + " (" + r.repId() + ")"))).append(team ? "</b></td>" : "</td>");
      Map<String, Long> by = r.assignedByTier();
      tiers.forEach(t -> b.append("<td class=\"n\">").append(count(by.getOrDefault(t, 0L))).append("</td>"));
      b.append("<td class=\"n\">").append(count(r.contactedInSla())).append(" of ").append(count(r.slaDue()))
          .append(Double.isNaN(r.slaRate()) ? "" : " (" + pct(r.slaRate()) + ")").append("</td><td class=\"n\">")
          .append(count(r.hotConverted())).append(" of ").append(count(r.hotAssigned())).append("</td><td class=\"n\">")
          .append(Double.isNaN(r.precision()) ? "-" : pct(r.precision())).append("</td></tr>");
    }
    b.append("</table>");
  }
}
