import { describe, expect, it } from 'vitest';
import { foldStep } from './foldStep';
import { renderNarration } from '../../scenario/lessons';
import { LESSONS } from '../../content/lessons';

describe('a folded lesson step shows its first sentence whole', () => {
  it('cuts after the first sentence and says there is more', () => {
    expect(foldStep('RDTR restarts on every frame. RADV does not, so it cuts the wait short.')).toEqual({ head: 'RDTR restarts on every frame.', more: true });
  });
  it('a one-sentence step is shown whole, with no more', () => {
    expect(foldStep('Press Play and watch the RX ring fill.')).toEqual({ head: 'Press Play and watch the RX ring fill.', more: false });
  });
  it('a decimal point or a short abbreviation does not end the sentence', () => {
    expect(foldStep('At 3.5 frames per interrupt, e.g. with RDTR = 8, the line rests. Then more.').head).toBe('At 3.5 frames per interrupt, e.g. with RDTR = 8, the line rests.');
  });
  it('every built-in step folds to words it starts with, never cut inside a word', () => {
    for (const lesson of LESSONS) {
      for (const p of lesson.narration) {
        const text = renderNarration(lesson, p).trim();
        const { head, more } = foldStep(text);
        expect(text.startsWith(head), `${lesson.id}: ${head}`).toBe(true);
        expect(/[.!?]$/.test(head) || !more, `${lesson.id}: ${head}`).toBe(true);
        expect(more).toBe(head.length < text.length);
      }
    }
  });
});
