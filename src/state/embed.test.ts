/**
 * Embed mode's link (docs/embedding.md): `?embed[=parts]&view=&origin=`
 * reads back to what wrote it; a bad part, view or origin is one error line
 * naming the field, the value and what is allowed; the API refuses other
 * origins and bad messages with an error reply and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_PARTS, embedQuery, iframeSnippet, parseEmbedConfig, startEmbedApi, type EmbedHost } from './embed';
import { createLab } from './lab';

describe('embed links', () => {
  it('is off without ?embed, and ?embed alone keeps the default parts', () => {
    expect(parseEmbedConfig('?x=1')).toEqual({ ok: true, value: null });
    expect(parseEmbedConfig('?embed')).toEqual({ ok: true, value: { view: null, parts: DEFAULT_EMBED_PARTS, origins: [] } });
  });

  it('reads back what embedQuery writes', () => {
    const config = { view: 'seed' as const, parts: ['transport', 'timeline'] as const, origins: ['http://127.0.0.1:4195', 'https://course.example.edu'] };
    const q = embedQuery(config);
    expect(q).toBe('?embed=transport,timeline&view=seed&origin=http://127.0.0.1:4195,https://course.example.edu');
    expect(parseEmbedConfig(q)).toEqual({ ok: true, value: config });
  });

  it('names the bad field, value and what is allowed', () => {
    expect(parseEmbedConfig('?embed=timeline,sliders')).toEqual({
      ok: false,
      error: 'embed: "sliders" is not allowed (a comma-separated list of transport, intro, rings, icr, timers, timeline, metrics, controls, tools)',
    });
    expect(parseEmbedConfig('?embed&view=cpu')).toEqual({ ok: false, error: 'view: "cpu" is not allowed (one of simulator, compare, sweep, seed, lessons)' });
    expect(parseEmbedConfig('?embed&origin=https://a.example/course')).toEqual({
      ok: false,
      error: 'origin: "https://a.example/course" is not allowed (an origin such as https://course.example.edu, no path)',
    });
  });

  it('writes an iframe whose attributes are escaped', () => {
    expect(iframeSnippet('https://lab.example/?embed=timeline#s1.x"y', 'e1000 <lab>', 800, 600)).toBe(
      '<iframe src="https://lab.example/?embed=timeline#s1.x&quot;y" title="e1000 &lt;lab>" width="800" height="600" style="border:0" loading="lazy" allow="clipboard-write"></iframe>',
    );
  });
});

describe('the embedding API', () => {
  /** A stand-in for the window: the parent records what the lab posts, `post` delivers a message from `origin`. */
  function fakeHost() {
    const posted: { message: unknown; origin: string }[] = [];
    let listener: ((e: MessageEvent) => void) | null = null;
    const parent = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) };
    const host: EmbedHost = {
      parent,
      addEventListener: (_t, l) => (listener = l),
      removeEventListener: () => (listener = null),
    };
    const post = (data: unknown, origin: string, source: unknown = parent) => listener!({ data, origin, source } as MessageEvent);
    return { host, posted, post };
  }

  it('refuses another origin and a bad message with an error reply, and changes nothing', async () => {
    // No scenario is opened, so no worker starts: the store stays as created.
    const lab = createLab();
    const { host, posted, post } = fakeHost();
    startEmbedApi(lab, { view: null, parts: DEFAULT_EMBED_PARTS, origins: ['http://127.0.0.1:4195'] }, host);
    const before = lab.sim.getState();
    post({ e1000: 1, id: 1, type: 'play' }, 'http://evil.example');
    post({ e1000: 1, id: 2, type: 'seek', tUs: -1 }, 'http://127.0.0.1:4195');
    // A message from a window that is not the parent is not answered at all.
    post({ e1000: 1, id: 3, type: 'play' }, 'http://127.0.0.1:4195', {});
    await Promise.resolve();
    expect(posted).toEqual([
      { origin: 'http://evil.example', message: { e1000: 1, type: 'error', id: 1, error: 'origin: "http://evil.example" is not allowed (allowed: http://127.0.0.1:4195)' } },
      { origin: 'http://127.0.0.1:4195', message: { e1000: 1, type: 'error', id: 2, error: 'message.tUs: -1 is out of range (number 0..10000000 µs)' } },
    ]);
    expect(lab.sim.getState().playing).toBe(before.playing);
    expect(lab.sim.getState().scenario).toBe(before.scenario);
  });
});
