/**
 * The embedding API's messages (docs/embedding.md): a good message parses to
 * itself; a bad one gets one line naming the field, the value and what is
 * allowed.
 */
import { describe, expect, it } from 'vitest';
import { messageIdOf, parseEmbedMessage } from './embedMessages';

describe('embedding API messages, version 1', () => {
  it('accepts each command with exactly its fields', () => {
    expect(parseEmbedMessage({ e1000: 1, type: 'play' })).toEqual({ ok: true, value: { e1000: 1, type: 'play' } });
    expect(parseEmbedMessage({ e1000: 1, id: 7, type: 'seek', tUs: 112.5 })).toEqual({ ok: true, value: { e1000: 1, id: 7, type: 'seek', tUs: 112.5 } });
    expect(parseEmbedMessage({ e1000: 1, id: 'a', type: 'load', link: '#l1.rdtr-starved.0' }).ok).toBe(true);
    expect(parseEmbedMessage({ e1000: 1, type: 'getMetrics' }).ok).toBe(true);
  });

  it('names the field, the value and what is allowed', () => {
    expect(parseEmbedMessage({ e1000: 1, type: 'seek', tUs: -5 })).toEqual({ ok: false, error: 'message.tUs: -5 is out of range (number 0..10000000 µs)' });
    expect(parseEmbedMessage({ e1000: 2, type: 'play' })).toEqual({ ok: false, error: 'message.e1000: 2 is not a version this lab speaks (1)' });
    expect(parseEmbedMessage({ e1000: 1, type: 'explode' })).toEqual({
      ok: false,
      error: 'message.type: "explode" is not allowed (one of "load", "play", "pause", "seek", "getMetrics", "getState")',
    });
    expect(parseEmbedMessage({ e1000: 1, type: 'play', speed: 3 })).toEqual({ ok: false, error: 'message.speed: unknown field (a play message allows: e1000, id, type)' });
    expect(parseEmbedMessage('play')).toEqual({ ok: false, error: 'message: "play" is not an object' });
  });

  it('reads the id of a message even when the rest is bad, so the error reply can name it', () => {
    expect(messageIdOf({ id: 'q1', type: 'nope' })).toBe('q1');
    expect(messageIdOf({ id: { x: 1 } })).toBeUndefined();
    expect(messageIdOf(null)).toBeUndefined();
  });
});
