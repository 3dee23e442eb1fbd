import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from './result';

function half(n: number): Result<number> {
  return n % 2 === 0 ? ok(n / 2) : err(`${n} is odd`);
}

describe('Result', () => {
  it('ok carries the value and no error', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect('error' in ok(3)).toBe(false);
  });

  it('err carries the error and no value', () => {
    expect(err('bad')).toEqual({ ok: false, error: 'bad' });
    expect('value' in err('bad')).toBe(false);
  });

  it('narrows on ok', () => {
    const a = half(8);
    const b = half(7);
    expect(a.ok && a.value).toBe(4);
    expect(!b.ok && b.error).toBe('7 is odd');
  });

  it('an error may be structured', () => {
    const r: Result<string, { path: string; message: string }> = err({ path: 'device.regs.ITR', message: 'out of range' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('device.regs.ITR');
  });
});
