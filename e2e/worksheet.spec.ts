/**
 * Worksheets (docs/lessons.md, src/ui/worksheet): every built-in lesson's
 * worksheet printed to PDF by Chromium on A4 and on Letter. The PDF is read
 * here without a PDF library: its page tree gives the page count and sizes,
 * and its outline (page.pdf({ outline: true }) makes one from the headings)
 * gives the page and height where each heading is printed, so the test can
 * tell that the answer key, and each part after a question, starts at the
 * top of a page of its own. The PDFs are saved to test-results/worksheets/
 * to be looked at (pdftoppm -png turns them into images; the test does not
 * need it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import LZString from 'lz-string';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LESSONS } from '../src/content/lessons';
import { answerForSeed, checkLesson } from '../src/scenario/lessonCheck';

const OUT = 'test-results/worksheets';
mkdirSync(OUT, { recursive: true });

/** Page sizes in PDF points (1/72 in): A4 210 x 297 mm, Letter 8.5 x 11 in. */
const SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const; // Chromium rounds A4 to 8.27 x 11.7 in: 595.92 x 842.4 pt
/** The @page top margin of worksheet.css, 15 mm, in points. */
const TOP_MARGIN_PT = (15 / 25.4) * 72;

interface PdfPage {
  obj: number;
  width: number;
  height: number;
}
interface PdfHeading {
  title: string;
  page: number;
  y: number;
}

/** The objects of a PDF by number (Chromium writes them uncompressed, streams aside). */
function pdfObjects(pdf: Buffer): Map<number, string> {
  const text = pdf.toString('latin1');
  const out = new Map<number, string>();
  for (const m of text.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) out.set(Number(m[1]), m[2]);
  if (out.size === 0) throw new Error('no PDF objects found');
  // An object stream would hide objects from this reader: fail loudly rather than read half a file.
  for (const [n, body] of out) if (/\/Type\s*\/ObjStm/.test(body)) throw new Error(`object ${n} is an object stream, which this reader does not unpack`);
  return out;
}

function refs(list: string): number[] {
  return [...list.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
}

function mediaBox(body: string): [number, number] | null {
  const m = /\/MediaBox\s*\[\s*([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s*\]/.exec(body);
  return m ? [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])] : null;
}

/** The pages in reading order, from the page tree (/Pages nodes and their /Kids). */
function pdfPages(objs: Map<number, string>): PdfPage[] {
  const trailerRoot = [...objs.values()].find((b) => /\/Type\s*\/Catalog/.test(b));
  const rootPages = refs(/\/Pages\s+(\d+ 0 R)/.exec(trailerRoot ?? '')?.[1] ?? '')[0];
  if (rootPages === undefined) throw new Error('no /Pages in the catalog');
  const out: PdfPage[] = [];
  const walk = (n: number, box: [number, number] | null) => {
    const body = objs.get(n) ?? '';
    const own = mediaBox(body) ?? box;
    if (/\/Type\s*\/Pages/.test(body)) for (const kid of refs(/\/Kids\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '')) walk(kid, own);
    else if (/\/Type\s*\/Page\b/.test(body)) out.push({ obj: n, width: own?.[0] ?? NaN, height: own?.[1] ?? NaN });
  };
  walk(rootPages, null);
  return out;
}

/** A PDF string: (literal) with its escapes, or <hex> in UTF-16BE with a byte-order mark. */
function pdfString(s: string): string {
  if (s.startsWith('<')) {
    const hex = s.slice(1, -1).replace(/\s/g, '');
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return s
    .slice(1, -1)
    .replace(/\\([nrtbf()\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c)
    .replace(/\\(\d{1,3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** The outline's headings: title, page index (from 0) and the height on that page (points from the bottom). */
function pdfHeadings(objs: Map<number, string>, pages: PdfPage[]): PdfHeading[] {
  const out: PdfHeading[] = [];
  for (const body of objs.values()) {
    const t = /\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/.exec(body);
    const d = /\/Dest\s*\[\s*(\d+) 0 R\s*\/XYZ\s+([\d.-]+)\s+([\d.-]+)/.exec(body);
    if (!t || !d) continue;
    out.push({ title: pdfString(t[1]), page: pages.findIndex((p) => p.obj === Number(d[1])), y: Number(d[3]) });
  }
  return out;
}

async function printed(page: Page, format: keyof typeof SIZES, name: string) {
  const pdf = await page.pdf({ format, outline: true, tagged: true });
  writeFileSync(`${OUT}/${name}-${format}.pdf`, pdf);
  const objs = pdfObjects(pdf);
  const pages = pdfPages(objs);
  return { pages, headings: pdfHeadings(objs, pages) };
}

async function openWorksheet(page: Page, address: string) {
  await page.goto(address);
  await expect(page.getByTestId('worksheet')).toBeVisible();
}

/** Where a heading starting with `prefix` is printed (exactly one). */
function heading(headings: PdfHeading[], prefix: string): PdfHeading {
  const found = headings.filter((h) => h.title.startsWith(prefix));
  expect(found.map((h) => h.title), `one heading "${prefix}..."`).toHaveLength(1);
  return found[0];
}

/** The heading is the first thing on its page: within 30 pt (about two lines) of the top margin. */
function expectTopOfPage(h: PdfHeading, pageHeight: number) {
  expect(h.page, `${h.title}: on a page`).toBeGreaterThan(0);
  expect(h.y, `${h.title}: at the top of page ${h.page + 1}`).toBeGreaterThan(pageHeight - TOP_MARGIN_PT - 30);
}

for (const format of ['A4', 'Letter'] as const) {
  test(`every built-in lesson's worksheet on ${format}: the page size, the answer key on a page of its own, after every part of the sheet`, async ({ page }) => {
    for (const lesson of LESSONS) {
      await openWorksheet(page, `/?worksheet#l1.${lesson.id}`);
      // The key's answers are the claims' (and every claim holds in a fresh run of the core, here in Node as in the page).
      expect(checkLesson(lesson).every((r) => r.ok), `${lesson.id}: claims hold`).toBe(true);
      await expect(page.getByTestId('ws-key-verdict')).toHaveText(`All ${checkLesson(lesson).length} claims hold in a fresh run.`);
      const keyAnswers = page.getByTestId('ws-key-answer');
      const questions = lesson.questions ?? [];
      await expect(keyAnswers).toHaveCount(questions.length);
      for (const [i, q] of questions.entries()) {
        // A drawn question's answer is a run of the core on the numbers the sheet's seed (1 without ?seed=) draws.
        const a = answerForSeed(lesson, q, 1);
        if (!a.ok) throw new Error(a.error);
        await expect(keyAnswers.nth(i)).toContainText(`Question ${i + 1}: ${a.value.text}`);
      }

      const { pages, headings } = await printed(page, format, lesson.id);
      const [w, h] = SIZES[format];
      for (const p of pages) {
        expect(Math.abs(p.width - w), `${lesson.id}: page width ${p.width} pt`).toBeLessThan(1.5);
        expect(Math.abs(p.height - h), `${lesson.id}: page height ${p.height} pt`).toBeLessThan(1.5);
      }
      const key = heading(headings, 'Answer key: ');
      expectTopOfPage(key, h);
      // Everything of the sheet is printed before the key's page; the key fits on what is left.
      const sheet = headings.filter((x) => x !== key && !x.title.startsWith('Worksheet: ') && !x.title.startsWith("The lesson's claims") && x.title !== lesson.title);
      expect(sheet.length, `${lesson.id}: the sheet's headings`).toBeGreaterThan(0);
      for (const x of sheet) expect(x.page, `${lesson.id}: "${x.title}" before the key`).toBeLessThan(key.page);
      // Each part after a question (it holds the answer) starts a page of its own.
      for (const [i] of questions.entries()) expectTopOfPage(heading(headings, `Read on only after you answered question ${i + 1}`), h);
      expect(pages.length, `${lesson.id}: pages`).toBeGreaterThanOrEqual(2 + questions.length);
      expect(pages.length - key.page, `${lesson.id}: answer key pages`).toBeLessThanOrEqual(2);
    }
  });
}

test('the RDTR lesson prints on four pages on A4 and on Letter (looked at: sheet, the part after each question, the blank timelines, key)', async ({ page }) => {
  await openWorksheet(page, '/?worksheet#l1.rdtr-starved');
  for (const format of ['A4', 'Letter'] as const) {
    const { pages, headings } = await printed(page, format, 'rdtr-starved-look');
    expect(pages).toHaveLength(4);
    expect(heading(headings, 'Question 1').page).toBe(0);
    expect(heading(headings, 'Read on only after you answered question 1').page).toBe(1);
    expect(heading(headings, 'Question 2').page).toBe(1); // the drawn question (RDTR from seed 1)
    expect(heading(headings, 'Read on only after you answered question 2').page).toBe(2);
    expect(heading(headings, 'Draw it').page).toBe(2);
    expect(heading(headings, 'Answer key: ').page).toBe(3);
  }
  // The print styles: the key breaks before itself; the screen's toolbar is not printed.
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByTestId('ws-answer-key').evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
  await expect(page.locator('.ws-screen-only')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  // Blank timelines over the lesson's window (playback.viewUs 0 to 200 µs), gridlines every 20 µs.
  await expect(page.locator('.ws-sheet figcaption').first()).toHaveText('Mark your prediction: 0 to 200 µs, a gridline every 20 µs');
  await expect(page.locator('.ws-sheet .ws-timeline')).toHaveCount(4); // the two questions' (both ask for an instant), the lesson's, the RDTR 0 variant's
  await expect(page.locator('.ws-sheet .ws-mark')).toHaveCount(0); // blank: nothing drawn
  await expect(page.locator('.ws-key .ws-mark')).toHaveCount(1); // the key's: the one interrupt, at 113.192 µs
});

test('?worksheet=letter and ?worksheet=a4 set the @page size (a printer dialog that follows the page gets that paper)', async ({ page }) => {
  for (const [flag, format] of [['letter', 'Letter'], ['a4', 'A4']] as const) {
    await openWorksheet(page, `/?worksheet=${flag}#l1.radv-bound`);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdfPages(pdfObjects(pdf));
    for (const p of pages) {
      expect(Math.abs(p.width - SIZES[format][0]), `${flag}: width ${p.width} pt`).toBeLessThan(1.5);
      expect(Math.abs(p.height - SIZES[format][1]), `${flag}: height ${p.height} pt`).toBeLessThan(1.5);
    }
  }
});

test("a teacher's own lesson (#lx1.) gets a worksheet too; a bad link says why in one line", async ({ page }) => {
  await page.goto('/#l1.rdtr-starved');
  const link = page.getByTestId('lesson-worksheet');
  await expect(link).toHaveAttribute('href', '?worksheet#l1.rdtr-starved.0');
  await expect(link).toHaveAttribute('target', '_blank');
  // A built-in lesson with one field changed is the teacher's own: its link carries the lesson.
  const own = { ...LESSONS[2], id: 'my-radv', title: 'My RADV lesson' };
  const ownHash = `#lx1.${LZString.compressToEncodedURIComponent(JSON.stringify(own))}.0`;
  await openWorksheet(page, `/?worksheet${ownHash}`);
  await expect(page.locator('#ws-title')).toHaveText('My RADV lesson');
  await expect(page.getByTestId('ws-key-verdict')).toHaveText(/^All \d+ claims hold in a fresh run\.$/);

  await page.goto('/?worksheet#l1.no-such-lesson');
  await expect(page.getByTestId('ws-error')).toHaveText(/^No worksheet: there is no built-in lesson "no-such-lesson"\./);
});

test('the worksheet on screen: no serious or critical axe violation; screenshots of it and of the lesson panel\'s link', async ({ page }) => {
  await openWorksheet(page, '/?worksheet#l1.rdtr-starved');
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
  await page.screenshot({ path: `${OUT}/screen-rdtr-starved.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${OUT}/phone-rdtr-starved.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/#l1.rdtr-starved');
  await expect(page.getByTestId('lesson-worksheet')).toBeVisible();
  await page.getByTestId('lesson-panel').screenshot({ path: `${OUT}/lesson-panel-link.png` });
});
