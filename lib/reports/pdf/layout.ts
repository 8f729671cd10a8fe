// A small flow layout over pdf-lib: wrapped paragraphs, headings, tables and images on A4 pages,
// starting a new page when the next block does not fit. Text is drawn as text with the standard
// fonts (WinAnsi); characters they cannot encode are replaced, never interpreted.
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;

export const COLORS = { text: rgb(0.1, 0.12, 0.16), muted: rgb(0.4, 0.45, 0.52), accent: rgb(0.05, 0.45, 0.65), bad: rgb(0.75, 0.1, 0.2), good: rgb(0.1, 0.5, 0.3), line: rgb(0.8, 0.83, 0.87) };

export interface TextStyle {
  size?: number;
  font?: 'regular' | 'bold' | 'mono';
  color?: RGB;
  indent?: number;
}

export class PdfLayout {
  page!: PDFPage;
  private y = 0;
  private constructor(
    readonly doc: PDFDocument,
    private readonly fonts: Record<'regular' | 'bold' | 'mono', PDFFont>,
    private readonly charsets: Record<'regular' | 'bold' | 'mono', Set<number>>,
  ) {}

  static async create(): Promise<PdfLayout> {
    const doc = await PDFDocument.create();
    const fonts = {
      regular: await doc.embedFont(StandardFonts.Helvetica),
      bold: await doc.embedFont(StandardFonts.HelveticaBold),
      mono: await doc.embedFont(StandardFonts.Courier),
    };
    const charsets = {
      regular: new Set(fonts.regular.getCharacterSet()),
      bold: new Set(fonts.bold.getCharacterSet()),
      mono: new Set(fonts.mono.getCharacterSet()),
    };
    const layout = new PdfLayout(doc, fonts, charsets);
    layout.newPage();
    return layout;
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN + 14) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Replaces what the font cannot encode; tabs become spaces, other control characters go. */
  clean(text: string, font: 'regular' | 'bold' | 'mono' = 'regular'): string {
    const charset = this.charsets[font];
    let out = '';
    for (const char of text.replace(/\t/g, '    ')) {
      const code = char.codePointAt(0)!;
      if (code < 32) continue;
      out += charset.has(code) ? char : code === 0x2192 ? '->' : '?';
    }
    return out;
  }

  /** Word-wraps to `width`, breaking words longer than a line. */
  wrap(text: string, style: TextStyle, width: number): string[] {
    const font = this.fonts[style.font ?? 'regular'];
    const size = style.size ?? 10;
    const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
    const lines: string[] = [];
    for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
      let line = '';
      for (const word of this.clean(raw, style.font).split(/(\s+)/)) {
        if (fits(line + word)) {
          line += word;
          continue;
        }
        if (line.trim()) lines.push(line.trimEnd());
        line = '';
        let rest = word.trimStart();
        while (rest && !fits(rest)) {
          let cut = rest.length - 1;
          while (cut > 1 && !fits(rest.slice(0, cut))) cut = Math.floor(cut * 0.9);
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    const leading = size * 1.35;
    for (const line of this.wrap(text, style, CONTENT_WIDTH - indent)) {
      this.ensure(leading);
      this.y -= leading;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y + size * 0.25, size, font: this.fonts[style.font ?? 'regular'], color: style.color ?? COLORS.text });
    }
  }

  heading(text: string, size = 13): void {
    this.ensure(size * 3);
    this.gap(size * 0.8);
    this.text(text, { size, font: 'bold', color: COLORS.accent });
    this.page.drawLine({ start: { x: MARGIN, y: this.y - 2 }, end: { x: A4.width - MARGIN, y: this.y - 2 }, thickness: 0.5, color: COLORS.line });
    this.gap(6);
  }

  /** Columns by fraction of the content width; cells wrap; the header repeats on new pages. */
  table(columns: { title: string; width: number; font?: 'regular' | 'mono' }[], rows: string[][], size = 8.5): void {
    const leading = size * 1.3;
    const widths = columns.map((c) => c.width * CONTENT_WIDTH);
    const drawRow = (cells: string[], header: boolean) => {
      const wrapped = cells.map((cell, i) => this.wrap(cell, { size, font: header ? 'bold' : columns[i]?.font ?? 'regular' }, (widths[i] ?? 50) - 6));
      const height = Math.max(...wrapped.map((w) => w.length)) * leading + 4;
      if (this.y - height < MARGIN + 14) {
        this.newPage();
        if (!header) drawRow(columns.map((c) => c.title), true);
      }
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        lines.forEach((line, n) => {
          this.page.drawText(line, {
            x: x + 2,
            y: this.y - (n + 1) * leading + size * 0.25,
            size,
            font: this.fonts[header ? 'bold' : columns[i]?.font ?? 'regular'],
            color: header ? COLORS.muted : COLORS.text,
          });
        });
        x += widths[i] ?? 0;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: A4.width - MARGIN, y: this.y + 1 }, thickness: 0.3, color: COLORS.line });
    };
    drawRow(columns.map((c) => c.title), true);
    for (const row of rows) drawRow(row, false);
    this.gap(4);
  }

  async image(png: Uint8Array, maxHeight = 360): Promise<void> {
    const image = await this.doc.embedPng(png);
    const scale = Math.min(CONTENT_WIDTH / image.width, maxHeight / image.height, 1);
    const width = image.width * scale;
    const height = image.height * scale;
    this.ensure(height + 8);
    this.y -= height;
    this.page.drawImage(image, { x: MARGIN, y: this.y, width, height });
    this.gap(8);
  }

  footer(label: string): void {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      page.drawText(this.clean(`${label} · page ${index + 1} of ${pages.length}`), { x: MARGIN, y: MARGIN - 20, size: 7.5, font: this.fonts.regular, color: COLORS.muted });
    });
  }
}
