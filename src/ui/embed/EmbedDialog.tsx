/**
 * "Embed": writes the <iframe> a teacher pastes into a slide or a course
 * page, for the view and link on screen, with the parts they keep and the
 * course page's origin (the one page allowed to drive the lab through the
 * postMessage API, docs/embedding.md). A modal <dialog>: Escape closes it.
 */
import { useMemo, useRef, useState } from 'react';
import { DEFAULT_EMBED_PARTS, EMBED_PARTS, embedQuery, iframeSnippet, originOfAddress, type EmbedPart } from '../../state/embed';
import { hashFor } from '../../state/router';
import { LAB_TABS } from '../../state/labView';
import { useLabInstance, useLabView } from '../labContext';

const PART_LABEL: Record<EmbedPart, string> = {
  transport: 'Play, step and time',
  intro: 'How to read this',
  rings: 'RX and TX rings',
  icr: 'Interrupt causes (ICR)',
  timers: 'Delay timers',
  timeline: 'Timeline',
  metrics: 'Metrics',
  controls: 'Registers and scenario controls',
  tools: 'Capture replay and register console',
};

export function EmbedDialog() {
  const lab = useLabInstance();
  const tab = useLabView((s) => s.tab);
  const ref = useRef<HTMLDialogElement | null>(null);
  const [open, setOpen] = useState(false);
  const [parts, setParts] = useState<EmbedPart[]>([...DEFAULT_EMBED_PARTS]);
  const [page, setPage] = useState('');
  const [copied, setCopied] = useState('');
  const origin = page.trim() === '' ? null : originOfAddress(page);
  const snippet = useMemo(() => {
    if (!open) return '';
    const hash = hashFor(lab);
    // A view no link names (the Seed view, an empty Compare) goes by name.
    const needsView = tab === 'seed' || (tab === 'compare' && !hash.startsWith('#c1.')) || (tab === 'sweep' && !hash.startsWith('#w1.'));
    const query = embedQuery({ view: needsView ? tab : null, parts, origins: origin ? [origin] : [] });
    const src = `${location.origin}${location.pathname}${query}${hash}`;
    const label = LAB_TABS.find((t) => t.id === tab)?.label ?? tab;
    return iframeSnippet(src, `e1000 IRQ Lab: ${label}`, 960, 640);
  }, [open, lab, tab, parts, origin]);

  const show = () => {
    setOpen(true);
    setCopied('');
    ref.current?.showModal();
  };
  const toggle = (p: EmbedPart) => setParts((old) => (old.includes(p) ? old.filter((x) => x !== p) : EMBED_PARTS.filter((x) => x === p || old.includes(x))));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('Copied.');
    } catch {
      setCopied('Copying is not allowed here: select the text and copy it.');
    }
  };

  return (
    <>
      <button type="button" onClick={show} data-tip="The <iframe> that puts this view in a slide or a course page">
        Embed
      </button>
      <dialog ref={ref} className="embed-dialog" aria-labelledby="h-embed" onClose={() => setOpen(false)}>
        <h2 id="h-embed">Embed this view</h2>
        <p className="caption">
          Paste this into a slide or a course page. It shows the view on screen now, at this link, without the header and tabs.
          {tab === 'compare' || tab === 'sweep' || tab === 'seed' ? '' : ' Keep the parts the class needs:'}
        </p>
        {(tab === 'simulator' || tab === 'lessons') && (
          <fieldset className="embed-parts">
            <legend>Parts shown</legend>
            {EMBED_PARTS.map((p) => (
              <label key={p}>
                <input type="checkbox" checked={parts.includes(p)} onChange={() => toggle(p)} /> {PART_LABEL[p]}
              </label>
            ))}
          </fieldset>
        )}
        <label className="embed-origin">
          <span>Course page's address (it alone may drive the lab through the message API; leave empty for none)</span>
          <input type="url" value={page} placeholder="https://course.example.edu/week3" onChange={(e) => setPage(e.target.value)} aria-invalid={page.trim() !== '' && !origin} />
        </label>
        {page.trim() !== '' && !origin && (
          <p className="msg error" role="alert">
            Course page's address: "{page.trim()}" is not a web address (https://… or http://…).
          </p>
        )}
        <label className="embed-code">
          <span>The &lt;iframe&gt;</span>
          <textarea readOnly value={snippet} rows={4} data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <div className="lab-actions">
          <button type="button" className="primary" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" onClick={() => ref.current?.close()}>
            Close
          </button>
          <span role="status">{copied}</span>
        </div>
      </dialog>
    </>
  );
}
