/**
 * Lessons, shown beside the simulator's panels: the narration of one lesson
 * (numbers filled in from its checked claims, see src/scenario/lessons.ts),
 * "Load this lesson" (and its variants) into the simulator, and
 * Previous / Next. Rendered only on the Lessons tab.
 */
import { useEffect, useMemo, useRef } from 'react';
import { renderNarration } from '../../scenario/lessons';
import { LESSONS } from '../../content/lessons';
import { useLab, useViewStore, useLabView } from '../labContext';

export function LessonPanel() {
  const viewStore = useViewStore();
  const tab = useLabView((s) => s.tab);
  const index = useLabView((s) => s.lessonIndex);
  const loaded = useLabView((s) => s.lessonLoaded);
  const scenarioName = useLab((s) => s.scenario.name);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const moved = useRef(false);
  const lesson = LESSONS[index];
  const paragraphs = useMemo(() => lesson.narration.map((p) => renderNarration(lesson, p)), [lesson]);
  const lookFor = useMemo(() => renderNarration(lesson, lesson.lookFor), [lesson]);

  useEffect(() => {
    // After Previous/Next, keep keyboard users at the top of the new lesson.
    if (moved.current) headingRef.current?.focus();
    moved.current = false;
  }, [index]);

  if (tab !== 'lessons') return null;
  const st = viewStore.getState();
  const go = (i: number) => {
    moved.current = true;
    st.setLessonIndex(i);
  };
  const isLoaded = loaded?.id === lesson.id && scenarioName.startsWith(`Lesson: ${lesson.title}`.slice(0, 40));
  const loadedVariant = isLoaded ? loaded?.variant : undefined;

  return (
    <aside className="panel lesson-panel" aria-labelledby="h-lesson" data-testid="lesson-panel">
      <div className="lesson-nav" role="group" aria-label="Lessons">
        <button type="button" onClick={() => go(index - 1)} disabled={index === 0}>
          ◀ Previous
        </button>
        <span className="lesson-count" data-testid="lesson-count">
          Lesson {index + 1} of {LESSONS.length}
        </span>
        <button type="button" onClick={() => go(index + 1)} disabled={index === LESSONS.length - 1}>
          Next ▶
        </button>
      </div>
      <select className="lesson-pick" aria-label="Choose a lesson" value={index} onChange={(e) => go(Number(e.target.value))}>
        {LESSONS.map((l, i) => (
          <option key={l.id} value={i}>
            {i + 1}. {l.title}
          </option>
        ))}
      </select>
      <h2 id="h-lesson" className="irq" tabIndex={-1} ref={headingRef} data-testid="lesson-title">
        {lesson.title}
      </h2>
      <div className="lesson-actions">
        <button type="button" className="primary" onClick={() => void st.loadLesson()}>
          Load this lesson
        </button>
        {lesson.variants?.map((v) => (
          <button key={v.id} type="button" onClick={() => void st.loadLesson(v.id)} aria-pressed={loadedVariant === v.id}>
            {v.label}
          </button>
        ))}
        <button
          type="button"
          disabled={!isLoaded}
          onClick={() => st.runLessonToEnd()}
          data-tip="Run the loaded lesson to its end, so the panels show every number the text quotes"
        >
          Run to the end
        </button>
      </div>
      <p className="caption" role="status" aria-live="polite">
        {isLoaded
          ? `Loaded${loadedVariant ? ` (${lesson.variants?.find((v) => v.id === loadedVariant)?.label})` : ''}: press Play or Step, or run to the end.`
          : 'The simulator shows another scenario: load this lesson to follow it.'}
      </p>
      {paragraphs.map((p, i) => (
        <p key={i} className="lesson-text">
          {p}
        </p>
      ))}
      <p className="lesson-look">
        <b>Look for:</b> {lookFor}
      </p>
      <p className="caption">Every number in this text comes from the simulation, and the project's tests check each one against a fresh run.</p>
    </aside>
  );
}
