/** The traffic-pattern registry's own rules: ids unique, shared fields alike, defaults declared, starting specs valid. */
import { describe, expect, it } from 'vitest';
import { DEFAULTED_TRAFFIC_KEYS, numberFields, TRAFFIC_PATTERN_REGISTRY, type TrafficNumberField, type TrafficPatternDescriptor } from '.';

const ALL = TRAFFIC_PATTERN_REGISTRY as unknown as readonly TrafficPatternDescriptor[];

describe('TRAFFIC_PATTERN_REGISTRY', () => {
  it('ids are unique; "none" is first (the default) and every pattern drives at least one direction', () => {
    expect(new Set(ALL.map((p) => p.id)).size).toBe(ALL.length);
    expect(ALL[0].id).toBe('none');
    for (const p of ALL) expect(p.directions.length, p.id).toBeGreaterThan(0);
  });

  it('a field key means the same in every pattern (one sweep axis, one schema rule)', () => {
    const seen = new Map<string, TrafficNumberField>();
    for (const p of ALL) {
      for (const f of numberFields(p)) {
        const first = seen.get(f.key);
        if (first) expect(f, `${p.id}.${f.key}`).toEqual(first);
        else seen.set(f.key, f);
      }
    }
  });

  it('every field with a default is one the input type makes optional (DEFAULTED_TRAFFIC_KEYS)', () => {
    for (const p of ALL) for (const f of numberFields(p)) if (f.default !== undefined) expect(DEFAULTED_TRAFFIC_KEYS, `${p.id}.${f.key}`).toContain(f.key);
  });

  it("each pickable pattern's starting spec has its fields, within their ranges", () => {
    for (const p of ALL.filter((q) => q.pickable)) {
      const spec = p.initial({ pps: 100_000, bytes: 64 }) as unknown as Record<string, unknown>;
      expect(spec.pattern).toBe(p.id);
      for (const f of numberFields(p)) {
        const value = spec[f.key] as number;
        expect(value, `${p.id}.${f.key}`).toBeGreaterThanOrEqual(f.min);
        expect(value, `${p.id}.${f.key}`).toBeLessThanOrEqual(f.max);
        if (f.aboveMin) expect(value).toBeGreaterThan(f.min);
      }
      expect(Object.keys(spec).sort()).toEqual(['pattern', ...p.fields.map((f) => f.key)].sort());
    }
  });
});
