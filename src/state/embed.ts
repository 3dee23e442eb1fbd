/**
 * Embed mode (docs/embedding.md): any lab link with `?embed` in its query
 * shows one view without the app's header and tabs, with only the parts the
 * teacher kept, and listens to the embedding page through a versioned
 * postMessage API (scenario/embedMessages.ts). The query, not the hash,
 * carries it, so every link kind (`#s1.`, `#c1.`, `#w1.`, `#l1.`, `#lx1.`)
 * is embedded unchanged and router.ts needs no new route.
 *
 *   ?embed                      the view the link opens, default parts
 *   ?embed=transport,timeline   only these parts (EMBED_PARTS)
 *   &view=seed                  a view no link names (simulator, lessons, compare, sweep, seed)
 *   &origin=https://course.example.edu   the page(s) allowed to drive it (comma-separated)
 *
 * The API answers only messages from the window that embeds it (its parent)
 * whose origin is one of `origin=`; any other origin gets an error reply and
 * changes nothing. Events go to those origins only.
 */
import { err, ok, type Result } from '../base/result';
import { EMBED_API_VERSION, messageIdOf, parseEmbedMessage, type EmbedEventName, type EmbedMessage, type EmbedOut } from '../scenario/embedMessages';
import { judgeGuess, questionAnswer, questionAt } from '../scenario/lessons';
import type { Lab } from './lab';
import { currentLesson, LAB_TABS, type LabTab } from './labView';
import { openRoute, routeOf } from './router';

/** The parts of the Simulator and Lessons views an embed may keep. */
export const EMBED_PARTS = ['transport', 'intro', 'rings', 'icr', 'timers', 'timeline', 'metrics', 'controls', 'tools'] as const;
export type EmbedPart = (typeof EMBED_PARTS)[number];

/** What `?embed` alone keeps: play and the picture, no sliders. */
export const DEFAULT_EMBED_PARTS: readonly EmbedPart[] = ['transport', 'icr', 'timeline', 'metrics'];

export interface EmbedConfig {
  /** The view to show, when the link's own kind does not say it (`view=`). */
  view: LabTab | null;
  parts: readonly EmbedPart[];
  /** Origins allowed to drive the lab and to hear its events. */
  origins: readonly string[];
}

const VIEWS = LAB_TABS.map((t) => t.id) as readonly LabTab[];

/** The origin (`https://host[:port]`) of a web address, or null when it is not an http(s) address. */
export function originOfAddress(text: string): string | null {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** An origin written as the browser reports it (no path), or null. */
function originOf(text: string): string | null {
  const o = originOfAddress(text);
  return o !== null && o === text.replace(/\/$/, '') ? o : null;
}

/** Read the embed flag of a query string (`location.search`): null when the page is not embedded, or one error line. */
export function parseEmbedConfig(search: string): Result<EmbedConfig | null> {
  const q = new URLSearchParams(search);
  if (!q.has('embed')) return ok(null);
  const raw = (q.get('embed') ?? '').trim();
  let parts: readonly EmbedPart[] = DEFAULT_EMBED_PARTS;
  if (raw !== '' && raw !== '1') {
    const list = raw.split(',').map((p) => p.trim());
    const bad = list.find((p) => !(EMBED_PARTS as readonly string[]).includes(p));
    if (bad !== undefined) return err(`embed: "${bad}" is not allowed (a comma-separated list of ${EMBED_PARTS.join(', ')})`);
    parts = list as EmbedPart[];
  }
  const view = q.get('view');
  if (view !== null && !(VIEWS as readonly string[]).includes(view)) return err(`view: "${view}" is not allowed (one of ${VIEWS.join(', ')})`);
  const origins: string[] = [];
  for (const text of (q.get('origin') ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    const o = originOf(text);
    if (!o) return err(`origin: "${text}" is not allowed (an origin such as https://course.example.edu, no path)`);
    origins.push(o);
  }
  return ok({ view: view as LabTab | null, parts, origins });
}

/** The query an embed link carries for `config` (what parseEmbedConfig reads back). */
export function embedQuery(config: EmbedConfig): string {
  const q = new URLSearchParams();
  q.set('embed', config.parts.join(','));
  if (config.view) q.set('view', config.view);
  if (config.origins.length) q.set('origin', config.origins.join(','));
  // Commas and colons read better unescaped, and URLSearchParams reads them either way.
  return `?${q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/')}`;
}

/** The <iframe> element a teacher pastes into a course page or slide for `src` (an embed link). */
export function iframeSnippet(src: string, title: string, widthPx: number, heightPx: number): string {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${attr(src)}" title="${attr(title)}" width="${widthPx}" height="${heightPx}" style="border:0" loading="lazy" allow="clipboard-write"></iframe>`;
}

/** The classes on <html> that styles.css reads: `embed` and `keep-<part>` for each kept part. */
export function embedClasses(config: EmbedConfig): string[] {
  return ['embed', ...config.parts.map((p) => `keep-${p}`)];
}

/** The embedding page's side of the API, as the lab sees it (a window, or a test's stand-in). */
export interface EmbedHost {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
}

/**
 * Answer the embedding page's messages and tell it what happens. Returns the
 * unbinding. `config.origins` empty: every message is refused (with an error
 * naming the missing `origin=`), and no event is sent.
 */
export function startEmbedApi(lab: Lab, config: EmbedConfig, host: EmbedHost): () => void {
  const send = (out: EmbedOut) => {
    for (const o of config.origins) host.parent?.postMessage(out, o);
  };
  const event = (name: EmbedEventName, fields: Record<string, unknown>) => send({ e1000: EMBED_API_VERSION, type: 'event', event: name, ...fields });

  const stateOf = () => {
    const sim = lab.sim.getState();
    const v = lab.view.getState();
    const lessonShown = v.tab === 'lessons' && v.lessonLoaded !== null;
    return {
      view: v.tab,
      playing: sim.playing,
      nowNs: sim.frame?.nowNs ?? 0,
      durationUs: sim.scenario.durationUs,
      scenario: sim.scenario.name,
      lesson: lessonShown ? { id: currentLesson(v).id, step: v.lessonStep } : null,
    };
  };

  const run = async (m: EmbedMessage): Promise<Result<unknown>> => {
    const sim = lab.sim.getState();
    switch (m.type) {
      case 'load': {
        const at = m.link.indexOf('#');
        const hash = at >= 0 ? m.link.slice(at) : m.link === '' ? '' : `#${m.link}`;
        const before = { linkError: sim.linkError, lessonLinkError: lab.view.getState().lessonLinkError };
        await openRoute(lab, routeOf(hash));
        const after = { linkError: lab.sim.getState().linkError, lessonLinkError: lab.view.getState().lessonLinkError };
        const problem = (after.linkError !== before.linkError && after.linkError) || (after.lessonLinkError !== before.lessonLinkError && after.lessonLinkError);
        return problem ? err(`message.link: ${problem}`) : ok(stateOf());
      }
      case 'play':
        sim.play();
        return ok(stateOf());
      case 'pause':
        sim.pause();
        return ok(stateOf());
      case 'seek': {
        const durationUs = sim.scenario.durationUs;
        if (m.tUs > durationUs) return err(`message.tUs: ${m.tUs} is out of range (number 0..${durationUs} µs, the scenario's duration)`);
        sim.seek(Math.round(m.tUs * 1000));
        return ok({ targetNs: Math.round(m.tUs * 1000) });
      }
      case 'getMetrics': {
        const f = sim.frame;
        return f ? ok({ nowNs: f.nowNs, interrupts: f.snapshot.counters.interrupts, metrics: f.metrics }) : err('the simulator has not started yet');
      }
      case 'getState':
        return ok(stateOf());
    }
  };

  const onMessage = (e: MessageEvent) => {
    // Only the page that embeds the lab may drive it.
    if (host.parent === null || e.source !== host.parent) return;
    const id = messageIdOf(e.data);
    const reply = (out: EmbedOut) => (e.source as { postMessage(m: unknown, o: string): void }).postMessage(out, e.origin);
    if (!config.origins.includes(e.origin)) {
      const allowed = config.origins.length ? config.origins.join(', ') : 'none: the embed link has no origin=';
      reply({ e1000: EMBED_API_VERSION, type: 'error', id, error: `origin: "${e.origin}" is not allowed (allowed: ${allowed})` });
      return;
    }
    const parsed = parseEmbedMessage(e.data);
    if (!parsed.ok) {
      reply({ e1000: EMBED_API_VERSION, type: 'error', id, error: parsed.error });
      return;
    }
    void run(parsed.value).then((r) =>
      reply(r.ok ? { e1000: EMBED_API_VERSION, type: 'reply', id, command: parsed.value.type, value: r.value } : { e1000: EMBED_API_VERSION, type: 'error', id, error: r.error }),
    );
  };
  host.addEventListener('message', onMessage);

  // Events: ready once, each interrupt the clock passes, lesson steps, answers revealed.
  let ready = false;
  const unsubSim = lab.sim.subscribe((st, prev) => {
    if (!ready && st.status === 'ready' && st.frame) {
      ready = true;
      event('ready', { state: stateOf() });
    }
    const now = st.frame?.nowNs;
    const before = prev.frame?.nowNs;
    if (now === undefined || before === undefined || now <= before || st.frame === prev.frame) return;
    let count = (prev.frame?.snapshot.counters.interrupts ?? 0) + 1;
    for (const i of st.trace.interruptsIn(before + 1, now)) event('interrupt', { tNs: st.trace.tNs[i], count: count++ });
  });
  const unsubView = lab.view.subscribe((v, prev) => {
    const lesson = currentLesson(v);
    if (v.lessonStep !== prev.lessonStep || v.lessonLoaded !== prev.lessonLoaded) {
      if (v.lessonLoaded) event('lessonStep', { lesson: lesson.id, step: v.lessonStep, steps: lesson.narration.length });
    }
    if (v.lessonAnswers === prev.lessonAnswers) return;
    for (const [key, a] of Object.entries(v.lessonAnswers)) {
      const step = Number(key);
      if (!a.revealed || prev.lessonAnswers[step]?.revealed) continue;
      const q = questionAt(lesson, step);
      // A drawn question's answer is the run of this student's case, not the claim's value.
      const drawn = q?.params ? v.lessonDrawn[step] : undefined;
      const answer = q?.params ? (drawn ? { ok: true as const, value: drawn.answer } : null) : q ? questionAnswer(lesson, q) : null;
      const right = q && answer?.ok && a.guess !== null ? judgeGuess(answer.value, q, a.guess).right : null;
      event('questionAnswered', { lesson: lesson.id, step, guess: a.guess, answer: answer?.ok ? answer.value : null, right });
    }
  });
  return () => {
    host.removeEventListener('message', onMessage);
    unsubSim();
    unsubView();
  };
}

/** Put the page in embed mode from its address: classes on <html>, the view, the API. Returns an error line to show, or null. */
export function startEmbed(lab: Lab, search: string, host: EmbedHost & Window): string | null {
  const c = parseEmbedConfig(search);
  if (!c.ok) return c.error;
  if (!c.value) return null;
  const config = c.value;
  document.documentElement.classList.add(...embedClasses(config));
  if (config.view) lab.view.getState().setTab(config.view);
  startEmbedApi(lab, config, host);
  return null;
}
