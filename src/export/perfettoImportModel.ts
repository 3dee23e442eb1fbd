/**
 * A small model of how Perfetto's JSON importer turns trace events into
 * slices, flows and async tracks, for tests: it answers "does this flow
 * survive the import?" and "which track does this span land on?" without a
 * browser or Perfetto's WebAssembly. It models only the rules our exporter
 * depends on, each learnt from Perfetto's source (google/perfetto, read at
 * ec5d16b, 2026-08):
 *
 * - Timestamps: `CoerceToTs` in src/trace_processor/importers/json/
 *   json_trace_tokenizer.cc turns µs into ns: an integral double times
 *   1000, otherwise llround(v * 1000). `dur` goes through the same function.
 * - Order: every event goes through the TraceSorter (src/trace_processor/
 *   sorter/trace_sorter.h). Once an 'X' event was seen it sorts with
 *   `SlowOperatorLess`: by ts, then a key (`KeyForType`: 'E' first, 'X' by
 *   max - dur, so the longer slice first, every other phase max), then by
 *   the order the tokenizer pushed the events (chunk index and offset of
 *   the token buffer), i.e. file order.
 * - Slices on a thread track: json_trace_parser.cc puts 'X' and thread- or
 *   unscoped 'i' on the thread's track via SliceTracker::Scoped
 *   (src/trace_processor/importers/common/slice_tracker.cc). Before a slice
 *   starts, `MaybeCloseStack` pops the slices that ended: end < ts, or
 *   end == ts unless both are zero-length ("instants stack"). A slice that
 *   starts inside the top one but ends after it does not nest: an 'X'
 *   is spilled onto an overflow track. Nothing is popped at any other time.
 * - Flows (src/trace_processor/importers/common/flow_tracker.cc): a start
 *   (v1 's', or v2 `flow_out` on the slice itself) binds to the topmost
 *   slice on the thread's stack *when the event is parsed*
 *   (`GetTopmostSliceOnTrack`, no closing of ended slices); a finish (v1
 *   'f' with bp "e", or v2 `flow_in`) binds the same way, and if its start
 *   was not parsed yet the flow is dropped (`flow_end_without_start`). A
 *   v1 'f' without bp "e" waits for the next slice that begins on its track.
 *   v1 flows are keyed by (id, cat, name) (`GetFlowIdForV1Event`); a string
 *   v1 id is read as hex (`MaybeExtractFlowIdentifier`).
 * - Async spans ('b', 'e', 'n'): json_trace_tokenizer.cc makes a cookie of
 *   (cat, id) from a plain `id` or `id2.global` (a global track: the UI
 *   lists it under "Global Legacy Events"), or from `id2.local`, which the
 *   parser passes as process-scoped (`source_id_is_process_scoped = true`),
 *   so the track belongs to the event's process.
 */

export interface ModelEvent {
  name?: string;
  cat?: string;
  ph: string;
  ts?: number;
  dur?: number;
  pid?: number;
  tid?: number;
  s?: string;
  id?: string | number;
  id2?: { local?: string | number; global?: string | number };
  bp?: string;
  bind_id?: string | number;
  flow_in?: boolean;
  flow_out?: boolean;
}

export interface ModelSlice {
  id: number;
  ts: number;
  dur: number;
  name: string;
  cat: string;
  /** 'thread:pid/tid', 'overflow:pid/tid', 'async:…' or 'instant:…'. */
  track: string;
  depth: number;
}

export interface ModelFlow {
  /** A v1 flow: its (id, cat, name); a v2 flow: its bind_id. */
  key: string;
  out: ModelSlice;
  in: ModelSlice;
  /** The flow events' own timestamps (ns): where the start and finish were placed. */
  startTs: number;
  finishTs: number;
}

export interface ModelAsyncTrack {
  /** 'process' for id2.local, 'global' for a plain id or id2.global. */
  scope: 'process' | 'global';
  pid: number;
  name: string;
  cat: string;
  id: string;
  slices: ModelSlice[];
  /** Ends with no open begin on the track. */
  unmatchedEnds: number;
}

export interface ModelImport {
  slices: ModelSlice[];
  flows: ModelFlow[];
  asyncTracks: Map<string, ModelAsyncTrack>;
  stats: Record<'flow_end_without_start' | 'flow_no_enclosing_slice' | 'flow_duplicate_id' | 'flow_without_direction' | 'slice_spill_overlapping_complete_event' | 'json_parser_failure', number>;
  /** The events in the order Perfetto parses them (metadata left out). */
  order: ModelEvent[];
}

/** µs (as written) to ns, as CoerceToTs does. */
export function toNs(us: number): number {
  return Number.isInteger(us) ? us * 1000 : Math.round(us * 1000);
}

/** SlowOperatorLess: ts, then 'E' first, 'X' longer first, the rest after; then file order. */
export function perfettoOrder<T extends ModelEvent>(events: readonly T[]): T[] {
  const key = (e: ModelEvent) => (e.ph === 'E' ? -Infinity : e.ph === 'X' ? -toNs(e.dur ?? 0) : 0);
  return events
    .map((e, i) => ({ e, i, ts: e.ph === 'M' && e.ts === undefined ? 0 : toNs(e.ts ?? NaN), k: key(e) }))
    .sort((a, b) => a.ts - b.ts || a.k - b.k || a.i - b.i)
    .map((x) => x.e);
}

interface Open {
  slice: ModelSlice;
}

export function importLikePerfetto(events: readonly ModelEvent[]): ModelImport {
  const slices: ModelSlice[] = [];
  const flows: ModelFlow[] = [];
  const asyncTracks = new Map<string, ModelAsyncTrack>();
  const stats: ModelImport['stats'] = {
    flow_end_without_start: 0,
    flow_no_enclosing_slice: 0,
    flow_duplicate_id: 0,
    flow_without_direction: 0,
    slice_spill_overlapping_complete_event: 0,
    json_parser_failure: 0,
  };
  const stacks = new Map<string, Open[]>();
  const stackOf = (track: string) => {
    let s = stacks.get(track);
    if (!s) stacks.set(track, (s = []));
    return s;
  };
  const topmost = (track: string) => stacks.get(track)?.at(-1)?.slice;
  // Flow starts: flow key -> the slice it left from (and where the start event was).
  const started = new Map<string, { slice: ModelSlice; ts: number }>();
  const pending = new Map<string, { key: string; ts: number }[]>();

  const insertFlow = (key: string, from: { slice: ModelSlice; ts: number }, to: ModelSlice, ts: number) => {
    const outFirst = !(from.slice.ts > to.ts);
    flows.push(outFirst ? { key, out: from.slice, in: to, startTs: from.ts, finishTs: ts } : { key, out: to, in: from.slice, startTs: ts, finishTs: from.ts });
  };

  /** SliceTracker::Scoped on a track with a stack; null when the slice cannot nest there. */
  const scoped = (track: string, ts: number, dur: number, name: string, cat: string): ModelSlice | null => {
    const stack = stackOf(track);
    for (let i = stack.length - 1; i >= 0; i--) {
      const top = stack[i].slice;
      const end = top.ts + top.dur;
      if (end < ts || (end === ts && !(top.dur === 0 && dur === 0))) {
        stack.pop();
        continue;
      }
      if (ts < end && ts + dur > end) return null;
    }
    const slice: ModelSlice = { id: slices.length, ts, dur, name, cat, track, depth: stack.length };
    slices.push(slice);
    stack.push({ slice });
    // ClosePendingEventsOnTrack: v1 finishes without bp "e" bind to the next slice on their track.
    const waiting = pending.get(track);
    if (waiting) {
      for (const w of waiting) {
        const from = started.get(w.key);
        if (from) insertFlow(w.key, from, slice, w.ts);
      }
      pending.delete(track);
    }
    return slice;
  };

  const flowStart = (key: string, track: string, ts: number) => {
    const top = topmost(track);
    if (!top) return void stats.flow_no_enclosing_slice++;
    if (started.has(key)) return void stats.flow_duplicate_id++;
    started.set(key, { slice: top, ts });
  };
  const flowEnd = (key: string, track: string, ts: number, bindEnclosing: boolean) => {
    if (!bindEnclosing) {
      const list = pending.get(track) ?? [];
      list.push({ key, ts });
      pending.set(track, list);
      return;
    }
    const top = topmost(track);
    if (!top) return void stats.flow_no_enclosing_slice++;
    const from = started.get(key);
    if (!from) return void stats.flow_end_without_start++;
    insertFlow(key, from, top, ts);
  };
  const v2 = (e: ModelEvent, track: string, ts: number) => {
    if (e.bind_id === undefined) return;
    const key = `v2:${e.bind_id}`;
    if (e.flow_in && e.flow_out) {
      // A step: ends the incoming arrow here and starts the next one.
      flowEnd(key, track, ts, true);
      started.delete(key);
      flowStart(key, track, ts);
    } else if (e.flow_out) flowStart(key, track, ts);
    else if (e.flow_in) flowEnd(key, track, ts, true);
    else stats.flow_without_direction++;
  };
  const v1Key = (e: ModelEvent) => {
    const id = typeof e.id === 'string' ? parseInt(e.id, 16) : e.id;
    return `v1:${id}/${e.cat ?? ''}/${e.name ?? ''}`;
  };

  const order = perfettoOrder(events.filter((e) => e.ph !== 'M'));
  for (const e of order) {
    const ts = toNs(e.ts!);
    const thread = `thread:${e.pid}/${e.tid === 0 || e.tid === undefined ? e.pid : e.tid}`;
    const name = e.name ?? '[No name]';
    const cat = e.cat ?? '';
    switch (e.ph) {
      case 'X': {
        const dur = toNs(e.dur!);
        let slice = scoped(thread, ts, dur, name, cat);
        let track = thread;
        if (!slice) {
          stats.slice_spill_overlapping_complete_event++;
          track = `overflow:${thread.slice(7)}`;
          slice = scoped(track, ts, dur, name, cat);
        }
        v2(e, track, ts);
        break;
      }
      case 'i':
      case 'I':
        if (e.s === 'g' || e.s === 'p') {
          slices.push({ id: slices.length, ts, dur: 0, name, cat, track: `instant:${e.s === 'g' ? 'global' : e.pid}`, depth: 0 });
        } else scoped(thread, ts, 0, name, cat);
        break;
      case 's':
        flowStart(v1Key(e), thread, ts);
        break;
      case 'f':
        flowEnd(v1Key(e), thread, ts, e.bp === 'e');
        break;
      case 'b':
      case 'e':
      case 'n': {
        const local = e.id === undefined && e.id2?.global === undefined && e.id2?.local !== undefined;
        const id = e.id ?? e.id2?.global ?? e.id2?.local;
        if (e.pid === undefined || id === undefined) {
          stats.json_parser_failure++;
          break;
        }
        const scope = local ? 'process' : 'global';
        const key = `async:${scope === 'process' ? e.pid : 'global'}/${cat}/${id}/${name}`;
        let t = asyncTracks.get(key);
        if (!t) asyncTracks.set(key, (t = { scope, pid: e.pid, name, cat, id: String(id), slices: [], unmatchedEnds: 0 }));
        if (e.ph === 'b') {
          const slice: ModelSlice = { id: slices.length, ts, dur: -1, name, cat, track: key, depth: 0 };
          slices.push(slice);
          t.slices.push(slice);
        } else if (e.ph === 'e') {
          const open = [...t.slices].reverse().find((s) => s.dur === -1);
          if (open) open.dur = ts - open.ts;
          else t.unmatchedEnds++;
        }
        break;
      }
      case 'C':
        break;
      default:
        throw new Error(`the model does not know phase ${e.ph}`);
    }
  }
  return { slices, flows, asyncTracks, stats, order };
}
