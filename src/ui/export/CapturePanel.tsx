/**
 * "Packet capture replay": a pcap or pcapng capture's frame instants and
 * sizes replayed as RX traffic (frames arriving from the wire) or TX
 * traffic (the guest application sending them). Drop a file anywhere on
 * the page, pick one with the file chooser, or choose a capture shipped
 * with the app. What the capture holds and anything the replay changed is
 * shown; a file that is not a capture is rejected with what is wrong.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';

import { SHIPPED_CAPTURES } from '../../io/captures';
import { describeCapture, parseInlineCapture, type TrafficSpec } from '../../core';
import './tools.css';
import { useLab, useSimStore } from '../labContext';
import type { StoreApi } from 'zustand/vanilla';
import type { LabStore } from '../../state/store';
import { microSpelling, plainError } from '../../scenario/plainWords';

/** Files bigger than this are refused before reading (a capture the model can replay is far smaller). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** The panel's store, and the names of captures by their inline data (so the panel can say which file a scenario replays). */
interface CaptureCtx {
  store: StoreApi<LabStore>;
  namesByData: Map<string, string>;
}

type Dir = 'rx' | 'tx';

function captureLine(spec: TrafficSpec, namesByData: ReadonlyMap<string, string>): string | null {
  if (spec.pattern !== 'pcap') return null;
  if (spec.frames) return `${spec.file ?? 'capture'}: ${spec.frames.atNs.length.toLocaleString('en-US')} frames (too big for a share link)`;
  if (spec.data !== undefined) {
    const parsed = parseInlineCapture(spec.data);
    const name = namesByData.get(spec.data) ?? 'capture carried in the link';
    // The core describes a capture in the CLI's words ("over 3,860.708 us"); the app writes µs.
    return microSpelling(parsed.ok ? `${name}: ${describeCapture(parsed.value)}${parsed.value.notes.length ? ` (${parsed.value.notes.join('; ')})` : ''}` : `${name}: ${parsed.error}`);
  }
  return `${spec.file ?? 'capture'} (not loaded: drop the file here to replay it)`;
}

function CurrentCapture({ dir, namesByData, names }: { dir: Dir; namesByData: ReadonlyMap<string, string>; names: number }) {
  const spec = useLab((s) => s.scenario.traffic[dir]);
  const line = useMemo(() => captureLine(spec, namesByData), [spec, namesByData, names]);
  if (!line) return null;
  return (
    <p className="capture-now" data-testid={`capture-${dir}`}>
      <b className={dir === 'rx' ? 'c-rx' : 'c-tx'}>{dir.toUpperCase()} replays</b> {line}
    </p>
  );
}

async function replay({ store, namesByData }: CaptureCtx, bytes: Uint8Array, fileName: string, dir: Dir): Promise<string | null> {
  const r = await store.getState().replayCapture(bytes, fileName, dir);
  if (!r.ok) return plainError(r.error);
  const spec = store.getState().scenario.traffic[dir];
  if (spec.pattern === 'pcap' && spec.data !== undefined) namesByData.set(spec.data, fileName);
  return null;
}

async function replayFile(ctx: CaptureCtx, file: File, dir: Dir): Promise<string | null> {
  if (file.size > MAX_FILE_BYTES) return `${file.name}: too large (${(file.size / 1048576).toFixed(0)} MB; at most ${MAX_FILE_BYTES / 1048576} MB)`;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return `${file.name}: could not be read (${e instanceof Error ? e.message : String(e)})`;
  }
  return replay(ctx, bytes, file.name, dir);
}

export function CapturePanel() {
  const store = useSimStore();
  const namesRef = useRef(new Map<string, string>());
  const ctx: CaptureCtx = { store, namesByData: namesRef.current };
  const ready = useLab((s) => s.status === 'ready');
  const [dir, setDir] = useState<Dir>('rx');
  const [shipped, setShipped] = useState(SHIPPED_CAPTURES[0].id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  /** Bumped when a capture was loaded, so the summaries pick up its file name. */
  const [names, setNames] = useState(0);
  const dirRef = useRef(dir);
  dirRef.current = dir;
  const fileId = useId();
  const shippedId = useId();
  const chosen = SHIPPED_CAPTURES.find((c) => c.id === shipped) ?? SHIPPED_CAPTURES[0];

  const run = (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    work()
      .then((e) => {
        setError(e);
        if (!e) setNames((n) => n + 1);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  // Drag and drop anywhere on the page.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = e.dataTransfer?.files;
      if (!files || files.length === 0) return;
      if (files.length > 1) {
        setError(`drop one capture at a time (${files.length} files were dropped)`);
        return;
      }
      const file = files[0];
      run(() => replayFile(ctx, file, dirRef.current));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const replayShipped = () =>
    run(async () => {
      const url = `${import.meta.env.BASE_URL}captures/${chosen.file}`;
      let bytes: Uint8Array;
      try {
        const res = await fetch(url);
        if (!res.ok) return `${chosen.file}: could not be fetched (HTTP ${res.status})`;
        bytes = new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        return `${chosen.file}: could not be fetched (${e instanceof Error ? e.message : String(e)})`;
      }
      return replay(ctx, bytes, chosen.file, dir);
    });

  return (
    <section className="panel capture-panel" aria-labelledby="h-capture" data-testid="capture-panel">
      <h2 id="h-capture" className="rx">
        Packet capture replay
      </h2>
      <p className="caption">
        Replay a capture's frame instants and sizes (pcap or pcapng, e.g. from <code>tcpdump -w</code>). Drop the file anywhere on the page, or choose it here.
      </p>
      <fieldset className="capture-dir">
        <legend>Replay as</legend>
        <label>
          <input type="radio" name="capture-dir" value="rx" checked={dir === 'rx'} onChange={() => setDir('rx')} /> RX: frames arrive from the wire
        </label>
        <label>
          <input type="radio" name="capture-dir" value="tx" checked={dir === 'tx'} onChange={() => setDir('tx')} /> TX: the guest sends them
        </label>
      </fieldset>
      <div className="capture-row">
        <label htmlFor={fileId}>Capture file</label>
        <input
          id={fileId}
          type="file"
          accept=".pcap,.pcapng,.cap,.dmp,application/vnd.tcpdump.pcap"
          disabled={!ready || busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) run(() => replayFile(ctx, file, dir));
          }}
        />
      </div>
      <div className="capture-row">
        <label htmlFor={shippedId}>Shipped capture</label>
        <span className="capture-pick">
          <select id={shippedId} value={shipped} onChange={(e) => setShipped(e.target.value)}>
            {SHIPPED_CAPTURES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <button type="button" onClick={replayShipped} disabled={!ready || busy}>
            Replay
          </button>
        </span>
      </div>
      <p className="note">{chosen.description.replace(/`/g, '')}</p>
      <CurrentCapture dir="rx" namesByData={ctx.namesByData} names={names} />
      <CurrentCapture dir="tx" namesByData={ctx.namesByData} names={names} />
      {busy && <p className="note">Reading the capture…</p>}
      {error && (
        <p className="field-error" role="alert" data-testid="capture-error">
          {error}
        </p>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>
            Drop a pcap or pcapng file to replay it as <b>{dir === 'rx' ? 'RX' : 'TX'}</b> traffic
          </p>
        </div>
      )}
    </section>
  );
}
