/**
 * The one wrapper of every wide table (Compare, Sweep, Seed 2012): a table
 * must read without sideways scrolling at 1366x768 and in projector mode at
 * 1920x1080 (the header cells wrap, styles.css), and on a phone each row
 * becomes a card of "heading: value" lines (styles.css, below 700 px), so
 * every body cell carries its column's heading as `data-label`, copied here
 * from the table's <thead>. Should the table still be wider than its box, the
 * box becomes a named, focusable region so a keyboard can scroll it (axe
 * rule scrollable-region-focusable); otherwise it is no Tab stop.
 */
import { useEffect, useRef, type ReactNode } from 'react';

/** The text of each column's heading of `table` (or its data-card-label), by column index (colSpan counted). */
export function columnHeadings(table: HTMLTableElement): string[] {
  const row = table.tHead?.rows[0];
  if (!row) return [];
  const out: string[] = [];
  for (const cell of Array.from(row.cells)) {
    // A heading may name its cards' label itself (data-card-label="" for none: a column of buttons).
    const text = cell.dataset.cardLabel ?? (cell.textContent ?? '').replace(/\s+/g, ' ').trim();
    for (let i = 0; i < cell.colSpan; i++) out.push(text);
  }
  return out;
}

/** Give every body cell of `table` its column's heading as data-label (an empty heading gives none). */
export function labelCells(table: HTMLTableElement): void {
  const headings = columnHeadings(table);
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let col = 0;
      for (const cell of Array.from(row.cells)) {
        const label = headings[col] ?? '';
        if (label && cell.dataset.label !== label) cell.dataset.label = label;
        if (!label && cell.dataset.label !== undefined) delete cell.dataset.label;
        col += cell.colSpan;
      }
    }
  }
}

export function TableFit({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const relabel = () => box.querySelectorAll('table').forEach(labelCells);
    const scrolls = () => {
      const wide = box.scrollWidth > box.clientWidth + 1;
      if (wide) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', `${label} (scrolls sideways)`);
      } else if (box.hasAttribute('tabindex')) {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    };
    relabel();
    scrolls();
    const mo = new MutationObserver(() => {
      relabel();
      scrolls();
    });
    mo.observe(box, { childList: true, subtree: true, characterData: true });
    const ro = new ResizeObserver(scrolls);
    ro.observe(box);
    const table = box.querySelector('table');
    if (table) ro.observe(table);
    return () => {
      mo.disconnect();
      ro.disconnect();
    };
  }, [label]);
  return (
    <div className="table-scroll table-fit" ref={ref}>
      {children}
    </div>
  );
}
