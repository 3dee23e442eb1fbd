import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

/** Width of an element, tracked with a ResizeObserver. */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [w, setW] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const cw = Math.floor(entries[0].contentRect.width);
      setW((old) => (old === cw ? old : cw));
    });
    ro.observe(el);
    setW(Math.floor(el.getBoundingClientRect().width));
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

/** Size a canvas for the device pixel ratio; returns its 2D context scaled to CSS pixels. */
export function fitCanvas(canvas: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const pw = Math.max(1, Math.round(w * dpr));
  const ph = Math.max(1, Math.round(h * dpr));
  if (canvas.width !== pw) canvas.width = pw;
  if (canvas.height !== ph) canvas.height = ph;
  const sw = `${w}px`;
  const sh = `${h}px`;
  if (canvas.style.width !== sw) canvas.style.width = sw;
  if (canvas.style.height !== sh) canvas.style.height = sh;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * Coalesce redraws into animation frames, at most one every `minMs` (the
 * canvases need not repaint at 60 Hz to read well, and painting less keeps
 * the main thread free while playing).
 */
export function frameScheduler(draw: () => void, minMs = 32): { request(): void; cancel(): void } {
  let raf = 0;
  let last = -Infinity;
  const run = (t: number) => {
    raf = 0;
    if (t - last < minMs) {
      raf = requestAnimationFrame(run);
      return;
    }
    last = t;
    draw();
  };
  return {
    request() {
      if (!raf) raf = requestAnimationFrame(run);
    },
    cancel() {
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
    },
  };
}

/** Whether a media query matches now, kept up to date (e.g. "(pointer: coarse)" for a touch screen). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', changed);
      return () => m.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
  );
}
