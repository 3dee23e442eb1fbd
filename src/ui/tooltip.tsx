/**
 * One floating tooltip for the whole app. DOM elements opt in with a
 * `data-tip` attribute (shown on hover and on keyboard focus); canvases call
 * showTip/hideTip with the text for what is under the pointer.
 */
import { useEffect } from 'react';
import { create } from 'zustand';

interface TipState {
  text: string | null;
  x: number;
  y: number;
}

/** How long a tip opened by a tap stays (touch has no pointer leaving the element). */
const TOUCH_TIP_MS = 4000;

const useTip = create<TipState>(() => ({ text: null, x: 0, y: 0 }));

export function showTip(text: string, x: number, y: number): void {
  useTip.setState({ text, x, y });
}

export function hideTip(): void {
  if (useTip.getState().text !== null) useTip.setState({ text: null });
}

function tipTarget(e: Event): HTMLElement | null {
  const t = e.target;
  return t instanceof Element ? (t.closest('[data-tip]') as HTMLElement | null) : null;
}

export function TooltipLayer() {
  const { text, x, y } = useTip();

  useEffect(() => {
    const over = (e: MouseEvent) => {
      const el = tipTarget(e);
      if (el) showTip(el.dataset.tip ?? '', e.clientX, e.clientY);
    };
    const move = (e: MouseEvent) => {
      const el = tipTarget(e);
      if (el) showTip(el.dataset.tip ?? '', e.clientX, e.clientY);
    };
    const out = (e: MouseEvent) => {
      if (tipTarget(e) && !(e.relatedTarget instanceof Element && e.relatedTarget.closest('[data-tip]') === tipTarget(e))) {
        hideTip();
      }
    };
    const focus = (e: FocusEvent) => {
      const el = tipTarget(e);
      if (el && el.matches(':focus-visible')) {
        const r = el.getBoundingClientRect();
        showTip(el.dataset.tip ?? '', r.left + 8, r.bottom + 4);
      }
    };
    const blur = () => hideTip();
    // A touch screen sends no mouseout after a tap, so a tapped tip would stay: on touch and pen, the next tap
    // anywhere but on a tip's element, any scroll, and 4 s after the tap each close it.
    let touchTimer: ReturnType<typeof setTimeout> | undefined;
    const down = (e: PointerEvent) => {
      if (e.pointerType === 'mouse') return;
      clearTimeout(touchTimer);
      if (!tipTarget(e)) hideTip();
      else touchTimer = setTimeout(hideTip, TOUCH_TIP_MS);
    };
    const scroll = () => {
      if (!document.activeElement?.matches(':focus-visible')) hideTip();
    };
    document.addEventListener('pointerdown', down);
    window.addEventListener('scroll', scroll, { capture: true, passive: true });
    document.addEventListener('mouseover', over);
    document.addEventListener('mousemove', move);
    document.addEventListener('mouseout', out);
    document.addEventListener('focusin', focus);
    document.addEventListener('focusout', blur);
    return () => {
      document.removeEventListener('mouseover', over);
      document.removeEventListener('mousemove', move);
      document.removeEventListener('mouseout', out);
      document.removeEventListener('focusin', focus);
      document.removeEventListener('focusout', blur);
      document.removeEventListener('pointerdown', down);
      window.removeEventListener('scroll', scroll, { capture: true });
      clearTimeout(touchTimer);
    };
  }, []);

  if (!text) return null;
  // Keep the tip on screen: flip left / up near the edges.
  const vw = typeof window !== 'undefined' ? window.innerWidth : 1000;
  const vh = typeof window !== 'undefined' ? window.innerHeight : 800;
  const style: React.CSSProperties = {};
  if (x > vw - 340) style.right = Math.max(4, vw - x + 12);
  else style.left = x + 14;
  if (y > vh - 120) style.bottom = vh - y + 12;
  else style.top = y + 16;
  return (
    <div className="tooltip" role="tooltip" style={style}>
      {text}
    </div>
  );
}
