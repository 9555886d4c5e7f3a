import Coverage
import Foundation

/// Markup helpers of the HTML reports: escaping, locale-free numbers for SVG coordinates (the same
/// bytes on every machine and run, so report.html is byte-identical across runs and `--jobs`), the
/// page frame and its style sheet. Numbers the reader sees are formatted by ``Messages``.
package enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` for element text and double-quoted attribute values
    /// (HTML Living Standard §13.1.2.6 / §13.1.2.3; `'` as `&#39;` so single-quoted attributes are safe too).
    /// Other characters, Vietnamese diacritics included, pass through as UTF-8.
    static func escape(_ s: String) -> String {
        Escaping.replacing(s, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
    }

    /// `x` with exactly `decimals` decimals in C notation ("-0.0" printed as "0.0"); "–" when not finite.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "–" }
        let s = String(format: "%.\(decimals)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// SVG coordinate: one decimal (0.1 px is below what a screen or printer resolves).
    static func coord(_ x: Double) -> String { fixed(x, 1) }

    /// A whole HTML document: UTF-8, the report style sheet inline, no script, no external resource.
    /// - Parameters:
    ///   - title: the page title (plain text; escaped here).
    ///   - body: the page's HTML.
    ///   - language: the `lang` of the `<html>` element: the language the page is written in.
    ///   - style: rules of this page appended to the style sheet (e.g. toggles whose number depends on the run).
    static func document(title: String, body: String, language: ReportLanguage, style: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="sim \(CoverageOutputs.toolVersion)">
        <title>\(escape(title))</title>
        <style>
        \(styleSheet)\(style.isEmpty ? "" : "\n" + style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// The reports' style sheet: system fonts (no web fonts: nothing is fetched), tabular figures,
    /// and a print layout (A4 portrait, no toggles, tables unbroken across rows).
    static let styleSheet = """
    :root { --ink: #1d2733; --muted: #5b6775; --rule: #d5dbe1; --band: #f4f6f8; --accent: #1f4e79; --ok: #1a7f37; --gap: #b42318; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 "Noto Sans", "DejaVu Sans", "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }
    main { max-width: 1220px; margin: 0 auto; padding: 20px 24px 40px; }
    header.top { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 16px; }
    header.top h1 { margin: 0 0 4px; font-size: 24px; color: var(--accent); }
    header.top p { margin: 0; color: var(--muted); }
    h2 { font-size: 18px; color: var(--accent); margin: 28px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
    h3 { font-size: 15px; margin: 16px 0 6px; }
    p.note { color: var(--muted); font-size: 12.5px; margin: 4px 0 10px; }
    .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 8px; }
    .card { flex: 1 1 150px; background: var(--band); border-left: 4px solid var(--accent); padding: 8px 12px; }
    .card b { display: block; font-size: 20px; font-variant-numeric: tabular-nums; }
    .card span { color: var(--muted); font-size: 12px; }
    .basis { border: 1px solid #e0c27a; border-left: 4px solid #c8901e; background: #fffaf0; padding: 8px 14px 10px; margin: 4px 0 14px; font-size: 13px; }
    .basis h2 { margin: 0 0 4px; border: none; padding: 0; font-size: 15px; color: #7a4b00; }
    .basis .groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(270px, 1fr)); gap: 2px 20px; }
    .basis h3 { font-size: 13px; margin: 6px 0 2px; }
    .basis ul { margin: 0; padding-left: 18px; }
    .basis li { margin: 1px 0; }
    .mapgrid { display: flex; gap: 16px; align-items: flex-start; }
    .mapgrid svg.map { flex: none; border: 1px solid var(--rule); background: #fff; }
    .side { flex: 1 1 240px; min-width: 220px; font-size: 13px; }
    .side h3 { margin-top: 0; }
    .mapsec > label { margin: 0 14px 8px 2px; font-size: 13px; white-space: nowrap; cursor: pointer; display: inline-block; }
    .mapsec > input { margin: 0; vertical-align: -2px; }
    .legend .row { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
    .legend svg { flex: none; }
    .scroll { overflow-x: auto; max-width: 100%; }
    .scroll th { min-width: 6.5em; }
    table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: right; vertical-align: top; }
    th { background: var(--band); font-weight: 600; position: sticky; top: 0; }
    td.l, th.l { text-align: left; }
    tr:nth-child(even) td { background: #fafbfc; }
    td.met { color: var(--ok); font-weight: 600; }
    td.gap { color: var(--gap); font-weight: 600; background: #fdf0ef !important; }
    .predictions { display: flex; flex-wrap: wrap; gap: 16px; }
    figure.prediction { margin: 0; max-width: 400px; } figure.prediction img { width: 100%; height: auto; background: #fff; border: 1px solid #ccc; }
    figure.prediction .legend span { white-space: nowrap; margin-right: 6px; font-size: 12px; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
    dl.params { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: 13px; }
    dl.params dt { color: var(--muted); }
    dl.params dd { margin: 0; }
    .charts { display: flex; flex-wrap: wrap; gap: 14px; }
    .chart { border: 1px solid var(--rule); background: #fff; }
    ul.warnings { font-size: 12.5px; color: #7a4b00; }
    footer { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
    #t-cov:not(:checked) ~ .mapgrid .layer-cov, #t-reach:not(:checked) ~ .mapgrid .layer-reach,
    #t-net:not(:checked) ~ .mapgrid .layer-net, #t-plan:not(:checked) ~ .mapgrid .layer-plan,
    #t-sites:not(:checked) ~ .mapgrid .layer-sites, #t-roads:not(:checked) ~ .mapgrid .layer-roads,
    #t-towns:not(:checked) ~ .mapgrid .layer-towns { display: none; }
    tr.total td { border-top: 1px solid var(--ink); }
    @media print {
      @page { size: A4 portrait; margin: 12mm; }
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      .mapsec > input, .mapsec > label { display: none; }
      .mapgrid { display: block; }
      .mapgrid svg.map { width: 100%; height: auto; }
      h2 { break-after: avoid; }
      tr, .chart, .card, .basis { break-inside: avoid; }
      th { position: static; }
      .scroll { overflow: visible; }
    }
    """
}
