/**
 * The few drawing primitives the timelines need, behind one interface with
 * two painters: a canvas painter for the live views and an SVG painter
 * (string out) for export. The timeline's drawing code is written once
 * against `Painter`.
 */
import { n2, xmlEscape } from '../../export/svg';

export type Anchor = 'start' | 'middle' | 'end';
export type Baseline = 'top' | 'middle' | 'bottom';

export interface TextStyle {
  size: number;
  fill: string;
  weight?: number;
  anchor?: Anchor;
  baseline?: Baseline;
}

export interface Painter {
  rect(x: number, y: number, w: number, h: number, fill: string): void;
  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number, dash?: number): void;
  /** Line segments [x1, y1, x2, y2] in one stroke. */
  lines(segments: readonly (readonly [number, number, number, number])[], stroke: string, width: number): void;
  polygon(points: readonly number[], fill: string): void;
  circle(cx: number, cy: number, r: number, fill: string): void;
  text(x: number, y: number, text: string, style: TextStyle): void;
  /** Width of `text` in px. */
  measure(text: string, size: number, weight?: number): number;
  /** Clip what follows to a rectangle, until `unclip`. */
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
}

export const FONT_FAMILY = 'system-ui, sans-serif';

const font = (size: number, weight = 400) => `${weight} ${size}px ${FONT_FAMILY}`;

export class CanvasPainter implements Painter {
  /** The font last set: a canvas parses the font string on every assignment, so set it only when it changes. */
  private font = '';

  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  private useFont(size: number, weight?: number): void {
    const f = font(size, weight);
    if (f !== this.font) {
      this.ctx.font = f;
      this.font = f;
    }
  }

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.ctx.fillStyle = fill;
    this.ctx.fillRect(x, y, w, h);
  }

  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number, dash = 0): void {
    const c = this.ctx;
    c.setLineDash(dash ? [dash, dash] : []);
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.strokeRect(x, y, w, h);
    c.setLineDash([]);
  }

  lines(segments: readonly (readonly [number, number, number, number])[], stroke: string, width: number): void {
    if (!segments.length) return;
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.beginPath();
    for (const [x1, y1, x2, y2] of segments) {
      c.moveTo(x1, y1);
      c.lineTo(x2, y2);
    }
    c.stroke();
  }

  polygon(points: readonly number[], fill: string): void {
    const c = this.ctx;
    c.fillStyle = fill;
    c.beginPath();
    c.moveTo(points[0], points[1]);
    for (let i = 2; i < points.length; i += 2) c.lineTo(points[i], points[i + 1]);
    c.closePath();
    c.fill();
  }

  circle(cx: number, cy: number, r: number, fill: string): void {
    const c = this.ctx;
    c.fillStyle = fill;
    c.beginPath();
    c.arc(cx, cy, r, 0, Math.PI * 2);
    c.fill();
  }

  text(x: number, y: number, text: string, s: TextStyle): void {
    const c = this.ctx;
    this.useFont(s.size, s.weight);
    c.fillStyle = s.fill;
    c.textAlign = s.anchor === 'end' ? 'right' : s.anchor === 'middle' ? 'center' : 'left';
    c.textBaseline = s.baseline ?? 'middle';
    c.fillText(text, x, y);
  }

  measure(text: string, size: number, weight?: number): number {
    this.useFont(size, weight);
    return this.ctx.measureText(text).width;
  }

  clip(x: number, y: number, w: number, h: number): void {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(x, y, w, h);
    this.ctx.clip();
  }

  unclip(): void {
    this.ctx.restore();
    // restore() brings back the font of save().
    this.font = '';
  }
}

/** Where an SVG baseline goes for a canvas-style one. */
function svgBaselineY(y: number, size: number, baseline: Baseline = 'middle'): number {
  if (baseline === 'top') return y + size * 0.82;
  if (baseline === 'bottom') return y - size * 0.2;
  return y + size * 0.35;
}

/** Builds SVG markup; nothing from a scenario becomes markup (texts are escaped). */
export class SvgPainter implements Painter {
  private readonly out: string[] = [];
  private clips = 0;

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.out.push(`<rect x="${n2(x)}" y="${n2(y)}" width="${n2(Math.max(w, 0.5))}" height="${n2(h)}" fill="${fill}"/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number, stroke: string, width: number, dash = 0): void {
    this.out.push(
      `<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" fill="none" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash} ${dash}"` : ''}/>`,
    );
  }

  lines(segments: readonly (readonly [number, number, number, number])[], stroke: string, width: number): void {
    if (!segments.length) return;
    const d = segments.map(([x1, y1, x2, y2]) => `M${n2(x1)} ${n2(y1)}L${n2(x2)} ${n2(y2)}`).join('');
    this.out.push(`<path d="${d}" stroke="${stroke}" stroke-width="${width}" fill="none"/>`);
  }

  polygon(points: readonly number[], fill: string): void {
    let d = `M${n2(points[0])} ${n2(points[1])}`;
    for (let i = 2; i < points.length; i += 2) d += `L${n2(points[i])} ${n2(points[i + 1])}`;
    this.out.push(`<path d="${d}Z" fill="${fill}"/>`);
  }

  circle(cx: number, cy: number, r: number, fill: string): void {
    this.out.push(`<circle cx="${n2(cx)}" cy="${n2(cy)}" r="${n2(r)}" fill="${fill}"/>`);
  }

  text(x: number, y: number, text: string, s: TextStyle): void {
    const anchor = s.anchor && s.anchor !== 'start' ? ` text-anchor="${s.anchor}"` : '';
    const weight = s.weight && s.weight !== 400 ? ` font-weight="${s.weight}"` : '';
    this.out.push(`<text x="${n2(x)}" y="${n2(svgBaselineY(y, s.size, s.baseline))}" font-size="${s.size}"${weight}${anchor} fill="${s.fill}">${xmlEscape(text)}</text>`);
  }

  /** An estimate (no font metrics in a string): about 0.6 em a character. */
  measure(text: string, size: number, weight = 400): number {
    return text.length * size * (weight >= 600 ? 0.62 : 0.58);
  }

  clip(x: number, y: number, w: number, h: number): void {
    const id = `clip${++this.clips}`;
    this.out.push(`<clipPath id="${id}"><rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}"/></clipPath><g clip-path="url(#${id})">`);
  }

  unclip(): void {
    this.out.push('</g>');
  }

  markup(): string {
    return this.out.join('\n') + '\n';
  }
}
