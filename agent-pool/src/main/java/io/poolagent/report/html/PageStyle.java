package io.poolagent.report.html;

/**
 * The page's one style sheet, inline (the page fetches nothing). Colours are told apart by more
 * than hue where it matters: failing leaks are also bold, and every chart mark has a tooltip.
 */
final class PageStyle {

  private PageStyle() {}

  static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;
      margin:0;background:#f6f7f9}
      header,main,footer{max-width:1180px;margin:0 auto;padding:0 20px}
      header{padding-top:12px}
      h1{font-size:22px;margin:8px 0 2px}
      h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
      h3{font-size:16px;margin:0 0 4px}
      h4{font-size:14px;margin:14px 0 6px}
      code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
      white-space:pre-wrap;word-break:break-all}
      .about,.note,.kind,.counts{color:#5b6472}
      .headline{font-size:17px;font-weight:600;padding:8px 12px;border-radius:6px;margin:10px 0}
      .headline.failing{background:#fde8e8;color:#9b1c1c;border-left:5px solid #c81e1e}
      .headline.warning{background:#fdf6e3;color:#7a5300;border-left:5px solid #d69e2e}
      .headline.clean{background:#e6f6ec;color:#1f6b3a;border-left:5px solid #2f9e5a}
      .banner{padding:8px 12px;border-radius:6px;margin:10px 0}
      .banner.checkpoint{background:#e8effd;border-left:5px solid #3b6fd8}
      .banner.blind{background:#fde8e8;border-left:5px solid #c81e1e}
      .banner.blind ul{margin:4px 0}
      .coverage{color:#1f6b3a;margin:4px 0}
      nav{margin:8px 0 4px}
      a{color:#2457b5}
      table{border-collapse:collapse;width:100%;background:#fff}
      th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e6eb;vertical-align:top}
      th{font-weight:600;background:#eef0f4}
      table.leaks td:nth-child(n+2),table.leaks th:nth-child(n+2){text-align:right;width:5.2em}
      tbody.leak-site.failing td.site code{font-weight:700;color:#9b1c1c}
      tbody.leak-site.warning td.site code{color:#7a5300}
      td.zero{color:#a3a9b3}
      td.sample{border-bottom:2px solid #d5d9e0;padding-top:0}
      details.stack summary{cursor:pointer}
      details.stack ol{margin:4px 0 4px 8px;padding-left:28px;background:#f3f4f7;border-radius:4px}
      section.pool{background:#fff;border:1px solid #dfe3e8;border-radius:8px;padding:14px 16px;
      margin:14px 0}
      .advice{background:#f3f6fb;border-radius:6px;padding:6px 12px;margin:8px 0}
      .advice.bottleneck{background:#fdf6e3}
      .advice p{margin:4px 0}
      .advice dl{display:grid;grid-template-columns:max-content auto;gap:1px 14px;margin:4px 0}
      .advice dt{color:#5b6472}
      .advice dd{margin:0}
      .timeline,.distributions{display:grid;
      grid-template-columns:repeat(auto-fit,minmax(460px,1fr));
      gap:10px 18px}
      figure.chart{margin:6px 0}
      figcaption{font-weight:600;font-size:13px;margin-bottom:2px}
      .legend{font-weight:400;color:#5b6472;margin-left:8px}
      .key{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px;border-radius:2px}
      svg{width:100%;height:auto;display:block}
      svg text{font-size:11px;fill:#5b6472}
      svg text.value{fill:#1d2430}
      .grid{stroke:#e8eaee}
      .axis{stroke:#9aa1ab}
      svg path{fill:none;stroke-width:2}
      rect.episode{fill:#c81e1e;opacity:.12}
      .key.episode{background:#f4caca}
      .s-in-use path{stroke:#2457b5}.s-in-use circle,.key.s-in-use{fill:#2457b5;background:#2457b5}
      .s-max-size path{stroke:#c81e1e;stroke-dasharray:6 4}
      .s-max-size circle,.key.s-max-size{fill:#c81e1e;background:#c81e1e}
      .s-pending path{stroke:#7a4cc2}
      .s-pending circle,.key.s-pending{fill:#7a4cc2;background:#7a4cc2}
      .s-timeouts rect,.key.s-timeouts{fill:#d9822b;background:#d9822b}
      .s-wait path{stroke:#0f7f86}.s-wait circle,.key.s-wait{fill:#0f7f86;background:#0f7f86}
      .s-hold path{stroke:#2f9e5a}.s-hold circle,.key.s-hold{fill:#2f9e5a;background:#2f9e5a}
      g.s-hold rect{fill:#2f9e5a}g.s-wait rect{fill:#0f7f86}
      .episode-detail{border-left:4px solid #f4caca;padding-left:10px;margin:8px 0}
      table.holders caption{text-align:left;font-weight:600;padding:4px 0}
      table.holders td.count{width:6em;text-align:right}
      table.settings th{width:14em}
      footer{color:#5b6472;font-size:12px;padding:24px 20px}
      """;
}
