/**
 * "RX ring" and "TX ring": every descriptor slot on a canvas (rings up to
 * 4096), coloured by who owns it, with the head and tail pointers labelled,
 * occupancy counts and drops (RXO) marked at the head where they happen.
 */
import { useEffect, useMemo, useRef } from 'react';
import { REG_BY_NAME, REG_INDEX, SlotState } from '../core';

import { fmtInt } from '../state/format';
import { COLORS, PROJECTOR_COLORS, type Palette } from './colors';
import { fitCanvas, frameScheduler, useWidth } from './hooks';
import { hideTip, showTip } from './tooltip';
import { useLab, useSimStore, useTrace } from './labContext';
import { atThisNs } from './thisNs';

type Dir = 'rx' | 'tx';

interface Layout {
  n: number;
  cell: number;
  cols: number;
  rows: number;
  /** Space above and below the grid for pointer flags. */
  padTop: number;
  height: number;
}

function layoutFor(n: number, width: number, projector: boolean): Layout {
  const maxH = projector ? 200 : 150;
  let cell = Math.floor(Math.sqrt((width * maxH) / Math.max(1, n)));
  cell = Math.max(3, Math.min(projector ? 40 : 30, cell));
  const cols = Math.max(1, Math.min(n, Math.floor(width / cell)));
  const rows = Math.ceil(n / cols);
  const padTop = projector ? 22 : 18;
  return { n, cell, cols, rows, padTop, height: padTop + rows * cell + padTop };
}

const TEXT: Record<Dir, { head: 'RDH' | 'TDH'; tail: 'RDT' | 'TDT'; states: [string, string, string] }> = {
  rx: {
    head: 'RDH',
    tail: 'RDT',
    states: [
      'owned by the guest: no buffer given to the NIC yet',
      'owned by the NIC: an empty buffer waiting for a frame',
      'written back (DD|EOP): a frame is stored, waiting for the guest to take it',
    ],
  },
  tx: {
    head: 'TDH',
    tail: 'TDT',
    states: [
      'owned by the guest: free for the driver to fill',
      'owned by the NIC: a frame queued, waiting to be sent',
      'written back (DD): sent, waiting for the guest to reclaim it',
    ],
  },
};

export function usePalette(): Palette {
  const projector = useLab((s) => s.projector);
  return projector ? PROJECTOR_COLORS : COLORS;
}

export function RingPanel({ dir }: { dir: Dir }) {
  const store = useSimStore();
  const title = dir === 'rx' ? 'RX ring' : 'TX ring';
  const headingId = `h-${dir}-ring`;
  // The length the device uses: its slots now (an RDLEN or TDLEN write resizes them), the scenario's before the first frame.
  const n = useLab((s) => (s.frame ? (dir === 'rx' ? s.frame.snapshot.rxSlots : s.frame.snapshot.txSlots).length : dir === 'rx' ? s.scenario.device.rxRing : s.scenario.device.txRing));
  const projector = useLab((s) => s.projector);
  const palette = usePalette();
  const [wrapRef, width] = useWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const layout = useMemo(() => layoutFor(n, Math.max(100, width), projector), [n, width, projector]);

  // Counts for the caption (re-render on frames: cheap).
  const counts = useLab((s) => {
    const slots = s.frame ? (dir === 'rx' ? s.frame.snapshot.rxSlots : s.frame.snapshot.txSlots) : null;
    const c = [0, 0, 0];
    if (slots) for (let i = 0; i < slots.length; i++) c[slots[i]]++;
    return c.join(',');
  });
  const [guest, hw, done] = counts.split(',').map(Number);
  const head = useLab((s) => (s.frame ? s.frame.snapshot.regs[REG_INDEX[TEXT[dir].head]] : 0));
  const tail = useLab((s) => (s.frame ? s.frame.snapshot.regs[REG_INDEX[TEXT[dir].tail]] : 0));
  const dropped = useLab((s) => (dir === 'rx' ? (s.frame?.snapshot.counters.rxDropped ?? 0) : (s.frame?.snapshot.counters.txAppDropped ?? 0)));
  const backlog = useLab((s) => s.frame?.snapshot.txBacklog ?? 0);
  const trace = useTrace();
  useLab((s) => s.traceVersion);
  const nowNs = useLab((s) => s.frame?.nowNs ?? 0);
  const dropsHere = dir === 'rx' ? atThisNs(trace, nowNs).rxoDrops : 0;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    // What was drawn last: skip the redraw when nothing changed.
    let drawnSlots: Uint8Array | null = null;
    let drawnPtrs = '';
    let force = true;
    const draw = () => {
      const st = store.getState();
      const slots = st.frame ? (dir === 'rx' ? st.frame.snapshot.rxSlots : st.frame.snapshot.txSlots) : null;
      const regs = st.frame?.snapshot.regs;
      const ptrs = regs ? `${regs[REG_INDEX[TEXT[dir].head]]},${regs[REG_INDEX[TEXT[dir].tail]]}` : '';
      // A drop at this very ns (a function of the position, not of real time): a cross at the head.
      const dropAt = dir === 'rx' && st.frame && atThisNs(st.trace, st.frame.nowNs).rxoDrops > 0 ? regs![REG_INDEX.RDH] : -1;
      const drawn = `${ptrs},${dropAt}`;
      if (!force && drawn === drawnPtrs && sameSlots(slots, drawnSlots)) return;
      force = false;
      drawnSlots = slots ? slots.slice() : null;
      drawnPtrs = drawn;
      const ctx = fitCanvas(canvas, width, layout.height);
      if (!ctx) return;
      drawRing(ctx, slots, layout, width, dir, palette, st, dropAt, projector);
    };
    const sched = frameScheduler(draw);
    draw();
    const unsub = store.subscribe((st, prev) => {
      if (st.frame === prev.frame) return;
      sched.request();
    });
    return () => {
      unsub();
      sched.cancel();
    };
  }, [width, layout, dir, palette, projector]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top - layout.padTop;
    const col = Math.floor(x / layout.cell);
    const row = Math.floor(y / layout.cell);
    const i = row * layout.cols + col;
    const f = store.getState().frame;
    if (!f || y < 0 || col >= layout.cols || row >= layout.rows || i >= n) {
      hideTip();
      return;
    }
    const slots = dir === 'rx' ? f.snapshot.rxSlots : f.snapshot.txSlots;
    const st = slots[i] ?? 0;
    const h = f.snapshot.regs[REG_INDEX[TEXT[dir].head]];
    const t = f.snapshot.regs[REG_INDEX[TEXT[dir].tail]];
    const ptr = [i === h ? `${TEXT[dir].head} points here (${REG_BY_NAME[TEXT[dir].head].help}, SDM ${REG_BY_NAME[TEXT[dir].head].sdm})` : '', i === t ? `${TEXT[dir].tail} points here (${REG_BY_NAME[TEXT[dir].tail].help}, SDM ${REG_BY_NAME[TEXT[dir].tail].sdm})` : '']
      .filter(Boolean)
      .join('; ');
    showTip(`${title} descriptor ${i}: ${TEXT[dir].states[st]}${ptr ? '. ' + ptr : ''}`, e.clientX, e.clientY);
  };

  const lenReg = dir === 'rx' ? 'RDLEN' : 'TDLEN';
  const caption =
    n === 0
      ? `${lenReg} = 0: no descriptors, so the NIC has nowhere to ${dir === 'rx' ? 'store a frame' : 'take a frame from'}`
      : dir === 'rx'
      ? `${n} descriptors · NIC owns ${fmtInt(hw)} empty · ${fmtInt(done)} stored, not yet taken · guest holds ${fmtInt(guest)}`
      : `${n} descriptors · NIC owns ${fmtInt(hw)} queued · ${fmtInt(done)} sent, not yet reclaimed · guest holds ${fmtInt(guest)}`;

  return (
    <section className="panel ring-panel" aria-labelledby={headingId} data-testid={`${dir}-ring`}>
      <h2 id={headingId} className={dir}>
        {title}
      </h2>
      <p className="caption">{caption}</p>
      <div ref={wrapRef} className="canvas-wrap">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`${title}: ${caption}. ${TEXT[dir].head} ${head}, ${TEXT[dir].tail} ${tail}.`}
          onMouseMove={onMove}
          onMouseLeave={hideTip}
        />
      </div>
      <div className="ring-foot">
        <span className="ptr" data-tip={`${REG_BY_NAME[TEXT[dir].head].help} (SDM ${REG_BY_NAME[TEXT[dir].head].sdm})`}>
          {TEXT[dir].head} <b>{head}</b>
        </span>
        <span className="ptr" data-tip={`${REG_BY_NAME[TEXT[dir].tail].help} (SDM ${REG_BY_NAME[TEXT[dir].tail].sdm})`}>
          {TEXT[dir].tail} <b>{tail}</b>
        </span>
        {dir === 'rx' ? (
          <span className={dropped > 0 ? 'drops has' : 'drops'} data-tip="Frames dropped because the RX ring had no free descriptor: RXO is set and MPC counts them (SDM 13.7.4)">
            dropped (RXO) <b>{fmtInt(dropped)}</b>
            {dropsHere > 0 && <span data-testid="drop-here">{` · ${fmtInt(dropsHere)} at this ns`}</span>}
          </span>
        ) : (
          <span className="drops" data-tip="Frames the application handed to the driver that wait in its queue (qdisc) for a free descriptor">
            waiting in driver <b>{fmtInt(backlog)}</b>
            {dropped > 0 ? ` · dropped ${fmtInt(dropped)}` : ''}
          </span>
        )}
        <span className="swatches" aria-hidden="true">
          <span className="swatch">
            <i className={`sw ${dir} light`} /> NIC owns
          </span>{' '}
          <span className="swatch">
            <i className={`sw ${dir} solid`} /> written back
          </span>{' '}
          <span className="swatch">
            <i className="sw none" /> guest
          </span>
        </span>
      </div>
    </section>
  );
}

function sameSlots(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function drawRing(
  ctx: CanvasRenderingContext2D,
  slots: Uint8Array | null,
  L: Layout,
  width: number,
  dir: Dir,
  p: Palette,
  st: { frame: { snapshot: { regs: Uint32Array } } | null },
  /** The slot of a drop at this ns (RDH, where the frame would have gone), or -1. */
  dropSlot: number,
  projector: boolean,
): void {
  ctx.clearRect(0, 0, width, L.height);
  const light = dir === 'rx' ? p.rxLight : p.txLight;
  const solid = dir === 'rx' ? p.rx : p.tx;
  const gap = L.cell >= 8 ? 1 : 0;
  const top = L.padTop;
  const fill = (s: number) => (s === SlotState.DONE ? solid : s === SlotState.HW ? light : L.cell >= 6 ? p.ringGuest : p.ringGuestSmall);
  if (gap === 0) {
    // Small cells touch: one rect per run of equal slots within a row.
    for (let row = 0; row < L.rows; row++) {
      const first = row * L.cols;
      const last = Math.min(L.n, first + L.cols);
      let i = first;
      while (i < last) {
        const s = slots ? slots[i] : SlotState.GUEST;
        let j = i + 1;
        while (j < last && (slots ? slots[j] : SlotState.GUEST) === s) j++;
        ctx.fillStyle = fill(s);
        ctx.fillRect((i - first) * L.cell, top + row * L.cell, (j - i) * L.cell, L.cell);
        i = j;
      }
    }
  } else {
    for (let i = 0; i < L.n; i++) {
      const s = slots ? slots[i] : SlotState.GUEST;
      const x = (i % L.cols) * L.cell;
      const y = top + Math.floor(i / L.cols) * L.cell;
      ctx.fillStyle = fill(s);
      ctx.fillRect(x + gap, y + gap, L.cell - 2 * gap, L.cell - 2 * gap);
      if (s === SlotState.GUEST && L.cell >= 6) {
        ctx.strokeStyle = p.grid;
        ctx.lineWidth = 1;
        ctx.strokeRect(x + gap + 0.5, y + gap + 0.5, L.cell - 2 * gap - 1, L.cell - 2 * gap - 1);
      }
    }
  }
  if (L.cell >= 22 && L.n <= 256) {
    ctx.fillStyle = p.muted;
    ctx.font = `${projector ? 11 : 9}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    for (let i = 0; i < L.n; i++) {
      const s = slots ? slots[i] : 0;
      ctx.fillStyle = s === SlotState.DONE ? '#ffffff' : s === SlotState.HW ? p.ink : p.muted;
      ctx.fillText(String(i), (i % L.cols) * L.cell + 3, top + Math.floor(i / L.cols) * L.cell + 3);
    }
  }
  if (!st.frame || L.n === 0) return;
  const regs = st.frame.snapshot.regs;
  const head = regs[REG_INDEX[dir === 'rx' ? 'RDH' : 'TDH']] % L.n;
  const tail = regs[REG_INDEX[dir === 'rx' ? 'RDT' : 'TDT']] % L.n;
  const fontPx = projector ? 14 : 11;
  ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
  // Pointer: an outlined cell plus a flag above (head) or below (tail).
  const mark = (i: number, label: string, above: boolean, offset: number) => {
    const x = (i % L.cols) * L.cell;
    const y = top + Math.floor(i / L.cols) * L.cell;
    ctx.strokeStyle = p.ink;
    ctx.lineWidth = projector ? 3 : 2;
    ctx.strokeRect(x + 1, y + 1, L.cell - 2, L.cell - 2);
    const tw = ctx.measureText(label).width + 8;
    let fx = x + L.cell / 2 - tw / 2 + offset;
    fx = Math.max(0, Math.min(width - tw, fx));
    const fh = fontPx + 4;
    const fy = above ? y - fh - 1 : y + L.cell + 1;
    ctx.fillStyle = p.ink;
    ctx.fillRect(fx, fy, tw, fh);
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, fx + 4, fy + fh / 2 + 0.5);
  };
  const hn = dir === 'rx' ? 'RDH' : 'TDH';
  const tn = dir === 'rx' ? 'RDT' : 'TDT';
  if (head === tail) {
    mark(head, `${hn} = ${tn}`, true, 0);
  } else {
    mark(head, hn, true, 0);
    mark(tail, tn, false, 0);
  }
  // A drop at this ns: a cross at the head, where the frame would have gone.
  if (dropSlot >= 0) {
    const i = dropSlot % L.n;
    const x = (i % L.cols) * L.cell;
    const y = top + Math.floor(i / L.cols) * L.cell;
    const s = Math.max(L.cell, 12);
    const cx = x + L.cell / 2;
    const cy = y + L.cell / 2;
    ctx.strokeStyle = p.drop;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(cx - s / 2, cy - s / 2);
    ctx.lineTo(cx + s / 2, cy + s / 2);
    ctx.moveTo(cx + s / 2, cy - s / 2);
    ctx.lineTo(cx - s / 2, cy + s / 2);
    ctx.stroke();
  }
}
