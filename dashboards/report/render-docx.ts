/**
 * The 季度分析 as a Word file (OOXML, through the `docx` package), laid out after
 * GB/T 9704 (党政机关公文格式): A4 portrait, body 仿宋 三号 (16 pt), headings 黑体,
 * title 宋体 (小标宋 where installed), page numbers "— 1 —" centred in the footer,
 * table rows never split across pages and header rows repeated. Fonts are named
 * per script (eastAsia 仿宋/黑体, Latin Times New Roman) so Word and LibreOffice
 * fall back to an installed CJK serif or sans when the named one is missing.
 * Every number links to its row of the 数据来源 appendix (a bookmark per row).
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  InternalHyperlink,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph as DocxParagraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Paragraph, ReportDocument, ReportTable, Span } from "./model.js";

const BODY_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "仿宋", cs: "Times New Roman" };
const HEADING_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体", cs: "Times New Roman" };
const TITLE_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体", cs: "Times New Roman" };
/** Half-points: 三号 16 pt body, 二号 22 pt title, 五号 10.5 pt tables. */
const SIZE = { body: 32, title: 44, table: 21, caption: 24, footer: 28 };
// Latin runs (digits) in en-US: LibreOffice then keeps "2888.1" on one line.
const LANG = { value: "en-US", eastAsia: "zh-CN" };
/** A4 in twips; margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
const PAGE = { width: 11906, height: 16838, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } };
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

function runs(spans: readonly Span[], size: number, bold = false) {
  return spans.map((s) => {
    const run = new TextRun({ text: s.text, font: BODY_FONT, size, bold, language: LANG });
    return s.ref ? new InternalHyperlink({ anchor: s.ref, children: [run] }) : run;
  });
}

function bodyParagraph(p: Paragraph): DocxParagraph {
  return new DocxParagraph({
    children: runs(p, SIZE.body),
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 640 },
    spacing: { line: 560, lineRule: "exact" as never },
  });
}

function heading(text: string): DocxParagraph {
  return new DocxParagraph({
    children: [new TextRun({ text, font: HEADING_FONT, size: SIZE.body, language: LANG })],
    indent: { firstLine: 640 },
    spacing: { line: 560, lineRule: "exact" as never, before: 120 },
    keepNext: true,
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

function tableBlock(t: ReportTable, bookmarks: boolean): Array<DocxParagraph | Table> {
  const caption = new DocxParagraph({
    children: [new TextRun({ text: t.caption, font: HEADING_FONT, size: SIZE.caption, language: LANG })],
    alignment: AlignmentType.CENTER,
    spacing: { before: 240, after: 120 },
    keepNext: true,
  });
  const widths = columnWidths(t);
  const cell = (spans: readonly Span[], i: number, header: boolean, id?: string) =>
    // Widths and margins are set once on the table (grid and cell margins): per-cell options cost time on long tables.
    new TableCell({
      children: [
        new DocxParagraph({
          alignment: header ? AlignmentType.CENTER : t.numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: id ? [new Bookmark({ id, children: [new TextRun({ text: spans[0]?.text ?? "", font: BODY_FONT, size: SIZE.table, language: LANG })] })] : header ? [new TextRun({ text: spans[0]?.text ?? "", font: HEADING_FONT, size: SIZE.table, language: LANG })] : runs(spans, SIZE.table),
        }),
      ],
    });
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, i) => cell([{ text: c }], i, true)) });
  const rows = t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell([c], i, false, bookmarks && i === 0 ? c.text : undefined)) }));
  return [
    caption,
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
      rows: [header, ...rows],
    }),
  ];
}

/**
 * Column widths in twips, by the longest text in each column (header counted), within the text width. A numeric column
 * is never narrower than its header and its longest number on one line (reader-qa3 F14: 附表1's 同比±% got 643 twips beside
 * two long text columns and broke "同比±%" one character a line, "+1.5" into "+1. / 5"); a text column never narrower than
 * its header or its longest cell, up to six CJK characters (reader-qa7 F11: 表2's 「到期时」 got one character a line beside
 * a long 目标 column); the text columns share the rest. Floors that do not fit the text width shrink in proportion.
 */
export function columnWidths(t: ReportTable): number[] {
  const len = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  // Two half-widths of padding plus two for Latin digits, which are wider than half a CJK character in Times.
  const want = t.columns.map((c, i) => Math.min(40, Math.max(len(c), ...t.rows.map((r) => len(r[i]?.text ?? ""))) + 4));
  // A half-width character at the table's size (SIZE.table half-points: 10.5 pt = 210 twips a CJK character), cell margins 120.
  const half = (SIZE.table * 10) / 2;
  // The number itself, not a mark after it ("100.0（不含2个需核实数值）" may wrap after the number); likewise a header's
  // note in brackets (「最近一期（到期后，不改变判定）」).
  const numericFloor = t.columns.map((c, i) => (t.numeric[i] ? (Math.max(len(c.split("（")[0]!), ...t.rows.map((r) => len((r[i]?.text ?? "").split("（")[0]!))) + 2) * half + 120 : 0));
  const textFloor = t.columns.map((c, i) => (t.numeric[i] ? 0 : (Math.min(12, Math.max(len(c), ...t.rows.map((r) => len(r[i]?.text ?? "")))) + 2) * half + 120));
  const floors = numericFloor.map((f, i) => f || textFloor[i]!);
  const over = floors.reduce((a, b) => a + b, 0) / TEXT_WIDTH;
  const floor = over > 1 ? floors.map((f) => f / over) : floors;
  // Columns below their floor take it; the others share what is left in proportion to their want — again until no
  // sharing column falls below its floor (fixing one leaves less for the rest).
  const fixed = want.map(() => false);
  for (;;) {
    const left = TEXT_WIDTH - floor.reduce((a, f, i) => a + (fixed[i] ? f : 0), 0);
    const rest = want.reduce((a, w, i) => a + (fixed[i] ? 0 : w), 0);
    const share = want.map((w, i) => (fixed[i] ? floor[i]! : rest ? (w / rest) * left : 0));
    const below = share.map((w, i) => !fixed[i] && floor[i]! > w);
    if (!below.some(Boolean)) return share.map(Math.floor);
    below.forEach((b, i) => b && (fixed[i] = true));
  }
}

/** The .docx bytes of a report. */
export async function reportDocx(doc: ReportDocument): Promise<Buffer> {
  const children: Array<DocxParagraph | Table> = [
    new DocxParagraph({
      children: doc.titleLines.map((line, i) => new TextRun({ text: line, break: i ? 1 : 0, font: TITLE_FONT, size: SIZE.title, bold: true, language: LANG })),
      alignment: AlignmentType.CENTER,
      spacing: { after: 360, line: 700, lineRule: "exact" as never },
    }),
  ];
  if (doc.synthetic) children.push(bodyParagraph([{ text: "（示例数据：本报告的数据含合成的示例数据，不是真实统计。）" }]));
  for (const s of doc.sections) {
    children.push(heading(s.title));
    for (const p of s.paragraphs) children.push(bodyParagraph(p));
    for (const t of s.tables) children.push(...tableBlock(t, false));
  }
  children.push(heading("附表"));
  doc.appendix.forEach((t, i) => children.push(...tableBlock(t, i === doc.appendix.length - 1)));
  const document = new Document({
    creator: "zonestat",
    title: doc.title,
    description: `${doc.periodLabel} 季度分析（由 zonestat 从数据仓库生成）`,
    styles: { default: { document: { run: { font: BODY_FONT, size: SIZE.body, language: LANG } } } },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT }, margin: PAGE.margin, pageNumbers: { start: 1 } } },
        footers: {
          default: new Footer({
            children: [new DocxParagraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: TITLE_FONT, size: SIZE.footer })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
