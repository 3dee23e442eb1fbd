/** Metrics wording says nothing false (ux-walk item 7). */
import { describe, expect, it } from 'vitest';
import { interruptRateText, NO_RX_FRAME_CARD } from './MetricsPanel';
import { NO_RX_FRAMES } from '../sweep/metrics';

describe('metrics wording', () => {
  it('one interrupt has no rate yet (the rate counts gaps, (n - 1) / time), rather than "0 /s" beside "so far 1"', () => {
    expect(interruptRateText(0, 1)).toBe('1 so far');
    expect(interruptRateText(0, 0)).toBe('0 /s');
    expect(interruptRateText(9000, 5)).toBe('9,000 /s');
  });

  it('a latency without frames says none was taken (frames can be stored in the ring and not taken yet)', () => {
    expect(NO_RX_FRAMES).toBe('no RX frame taken');
    // The Metrics card says it under its "Latency" label, on one projector line.
    expect(NO_RX_FRAME_CARD).toBe('none taken');
  });
});
