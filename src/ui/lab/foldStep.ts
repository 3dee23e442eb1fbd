/**
 * A lesson step other than the current one is folded to its first sentence,
 * shown whole (ux-walk 6: a two-line clamp cut the folded narration
 * mid-word). The fold is said in words: the sentence ends with "…" when the
 * step says more, and a click on the step opens it.
 */
export interface FoldedStep {
  /** The first sentence (the whole text when it is one sentence). */
  head: string;
  /** Whether the step says more than its first sentence. */
  more: boolean;
}

/** A sentence ends at . ! or ? followed by a space (or the end), after at least 12 characters, and not in an abbreviation. */
const SENTENCE_END = /[.!?](?=\s|$)/g;
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|cf|approx)\.$/i;

export function foldStep(text: string): FoldedStep {
  const whole = text.trim();
  for (const m of whole.matchAll(SENTENCE_END)) {
    const head = whole.slice(0, m.index + 1);
    if (head.length < 12 || ABBREVIATION.test(head)) continue;
    return { head, more: head.length < whole.length };
  }
  return { head: whole, more: false };
}
