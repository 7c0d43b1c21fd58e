/**
 * The report's stylesheet, inline in every HTML report. Screen and print: A4 pages, page numbers
 * in the bottom margin (CSS margin boxes), every section on a new page, table headers repeated
 * on each page, rows never split, long rule text wrapped instead of cut.
 */
export const REPORT_CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{font:10pt/1.4 "DejaVu Sans",Helvetica,Arial,sans-serif;color:#111;margin:0 auto;max-width:1120px;padding:16px}
h1{font-size:22pt;margin:4px 0 16px}
h2{font-size:15pt;border-bottom:2px solid #333;padding-bottom:3px;margin:0 0 10px}
h2.small{font-size:12pt;border-bottom:1px solid #999;margin-top:22px}
h3{font-size:11.5pt;margin:16px 0 6px}
h2,h3{break-after:avoid;page-break-after:avoid}
p{margin:6px 0}
a{color:#0b4f9c;text-decoration:none}
code{font:8.5pt/1.3 "DejaVu Sans Mono",Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
code.hash{font-size:7.5pt;word-break:break-all}
table{width:100%;border-collapse:collapse;table-layout:fixed;margin:6px 0 12px}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
th{background:#eceff3;font-size:9pt}
table.meta td:first-child{width:28%;font-weight:bold;background:#f6f7f9}
tr.hot td{background:#fff3f2}
.muted{color:#666}
.kicker{text-transform:uppercase;letter-spacing:.08em;color:#555;margin-top:40px}
.note{white-space:pre-wrap;overflow-wrap:anywhere}
.statement{border-left:5px solid #2e7d32;background:#f1f8f2;padding:8px 10px;font-size:10.5pt}
.statement.bad{border-color:#c62828;background:#fdf0ef}
.sev{display:inline-block;white-space:nowrap;padding:0 5px;border-radius:3px;font-size:8.5pt;font-weight:bold;color:#fff;background:#777}
.sev-critical{background:#b71c1c}.sev-high{background:#e65100}.sev-medium{background:#f9a825;color:#111}
.sev-low{background:#1565c0}.sev-info{background:#607d8b}
.flag{display:inline-block;padding:0 4px;border:1px solid #999;border-radius:3px;font-size:8pt;color:#333}
.flag.hot{border-color:#c62828;color:#c62828}
.cite{font:8.5pt "DejaVu Sans Mono",monospace;color:#0b4f9c}
.dev{margin:0 0 4px}
.msg{margin:0 0 4px}
.dev+.dev{border-top:1px dotted #ccc;padding-top:3px}
.path{margin-bottom:10px}
figure.map{margin:8px 0}
figure.map svg{width:100%;height:auto;max-height:220mm}
nav.toc ol{list-style:none;padding:0;margin:0}
nav.toc li{display:flex;border-bottom:1px dotted #999;padding:5px 0;font-size:11pt}
nav.toc li a{flex:1;color:#111}
nav.toc .n{display:inline-block;width:2em;font-weight:bold}
nav.toc .pg{min-width:3em;text-align:right}
@page{size:A4;margin:15mm 12mm 17mm;
  @bottom-right{content:"Page " counter(page) " of " counter(pages);font:8pt sans-serif;color:#555}
  @bottom-left{content:"Conduit segmentation audit report";font:8pt sans-serif;color:#555}}
@media print{
  body{max-width:none;padding:0}
  .cover,nav.toc{break-after:page;page-break-after:always}
  section{break-before:page;page-break-before:always}
  section.cover{break-before:auto;page-break-before:auto}
  figure.map{break-inside:avoid}
  a{color:inherit}
}
`;
