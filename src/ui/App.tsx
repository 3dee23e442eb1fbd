/**
 * The page: header (title and scenario; the views' tabs beside copy link,
 * exports, embed and projector mode), messages, the transport bar (play,
 * step, speed, time), then the lesson (Lessons tab), the reading guide, the
 * panels (timeline first), the metrics, the tools and the controls.
 */
import { useEffect } from 'react';
import { deviceModelDescriptor, type DeviceModelName, guestDriverDescriptor } from '../core';

import { SPEEDS_NS_PER_S } from '../state/speed';
import { fmtNs, fmtPosition, fmtSpeed } from '../state/format';
import { replaceHash, shareProblem, simulatorShareUrl } from '../state/router';
import type { Lab } from '../state/lab';
import { ControlsPanel } from './ControlsPanel';
import { CausePanel } from './CausePanel';
import { DimPanel } from './DimPanel';
import { MetricsPanel } from './MetricsPanel';
import { RingPanel } from './RingPanel';
import { TimelinePanel, simulatorTimeline } from './TimelinePanel';
import { COMMANDS, commandForKey, commandTitle } from './timeline/commands';
import { TimersPanel } from './TimersPanel';
import { TooltipLayer } from './tooltip';
import { LabTabs, LabViews, LessonPanel } from './lab'; // lab views
// Tools: exports, capture replay, register console.
import { ExportButtons } from './export/ExportMenu';
import { CapturePanel } from './export/CapturePanel';
import { RegisterConsole } from './RegisterConsole';
import { EmbedDialog } from './embed/EmbedDialog';
import { useLab, useLabInstance, useLabView, useSimStore } from './labContext';

function isFormField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName);
}

/** The button last focused by a mouse click (not by keyboard). */
let clickedButton: EventTarget | null = null;

/** The command table's transport and timeline keys: Space play/pause, arrows step; W/S/A/D/F drive the timeline. */
function useKeyboard(): void {
  const store = useSimStore();
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      clickedButton = e.target instanceof Element ? e.target.closest('button') : null;
    };
    const onFocus = (e: FocusEvent) => {
      if (e.target !== clickedButton) clickedButton = null;
    };
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('focusin', onFocus, true);
    const timeline = simulatorTimeline(store);
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isFormField(e.target)) return;
      const st = store.getState();
      // A button reached by keyboard keeps Space for itself; one that was just
      // clicked with the mouse does not, so Space stays play/pause as in a
      // media player.
      const onButton = e.target instanceof HTMLButtonElement && e.target !== clickedButton;
      const c = commandForKey(e, ['transport', 'timeline']);
      if (!c) return;
      if (c.id === 'togglePlay') {
        if (onButton) return; // the button's own activation
        st.togglePlay();
      } else if (c.id === 'stepEvent') void st.stepEvent();
      else if (c.id === 'stepToInterrupt') void st.stepToInterrupt();
      else if (c.id === 'stepBack') void st.stepBack();
      else timeline.run(c.id);
      if (c.scope === 'transport') e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('focusin', onFocus, true);
    };
  }, [store]);
}

async function copyLink(lab: Lab): Promise<void> {
  const notice = (text: string) => lab.sim.getState().showNotice(text);
  const problem = shareProblem(lab);
  if (problem) {
    notice(`No link can carry this scenario: ${problem}.`);
    return;
  }
  const url = simulatorShareUrl(lab);
  replaceHash(new URL(url).hash);
  try {
    await navigator.clipboard.writeText(url);
    notice('Link copied: it carries the whole scenario and the current time.');
  } catch {
    // No clipboard permission: the address bar holds the same link.
    notice('Copying is not allowed here: the address bar holds the link to this scenario and time.');
  }
}

function Messages() {
  const store = useSimStore();
  const linkError = useLab((s) => s.linkError);
  const workerError = useLab((s) => s.workerError);
  const notice = useLab((s) => s.notice);
  const lagging = useLab((s) => s.lagging);
  const status = useLab((s) => s.status);
  return (
    <div className="messages">
      {linkError && (
        <div className="msg error" role="alert" data-testid="link-error">
          <span>{linkError}</span>
          <button type="button" onClick={() => store.getState().dismissLinkError()} aria-label="Dismiss link message">
            ×
          </button>
        </div>
      )}
      {workerError && (
        <div className="msg error" role="alert" data-testid="worker-error">
          <span>{workerError}</span>
          {status === 'failed' ? (
            <button type="button" onClick={() => void store.getState().reset()}>
              Reset
            </button>
          ) : (
            <button type="button" onClick={() => store.getState().dismissWorkerError()} aria-label="Dismiss worker message">
              ×
            </button>
          )}
        </div>
      )}
      <div className="msg-live" role="status" aria-live="polite">
        {lagging && (
          <span className="msg warn" data-testid="lagging">
            The worker can't keep up at this speed: time runs slower than asked. Lower the speed for smooth playback.
          </span>
        )}
        {notice && (
          <span className="msg info" data-testid="notice">
            {notice}
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * The width (ch) the time text needs at its longest, so the Time slider beside
 * it keeps its width while the clock runs: fmtNs writes at most four
 * significant digits and a unit ("999.9 µs").
 */
function timeTextWidthCh(durationNs: number): number {
  return 't = 999.9 µs of '.length + fmtNs(durationNs).length;
}

function Transport() {
  const store = useSimStore();
  const playing = useLab((s) => s.playing);
  const speedIndex = useLab((s) => s.speedIndex);
  const now = useLab((s) => s.frame?.nowNs ?? 0);
  const steps = useLab((s) => s.frame?.position.steps ?? 0);
  const position = { tNs: now, steps };
  const durationNs = useLab((s) => s.scenario.durationUs * 1000);
  const ready = useLab((s) => s.status === 'ready');
  const st = store.getState();
  const end = Math.max(durationNs, now);
  return (
    <div className="transport" role="group" aria-label="Playback">
      <div className="buttons">
        <button type="button" onClick={() => void st.stepBack()} disabled={!ready} data-tip={commandTitle('stepBack')} aria-keyshortcuts="ArrowLeft">
          ◀ Back
        </button>
        <button type="button" className="play" onClick={() => st.togglePlay()} disabled={!ready} aria-keyshortcuts="Space" data-testid="play">
          {/* The other word is held, invisible, in the same cell (styles.css), so the row does not move when it toggles. */}
          <span className="same-width" data-held={playing ? '▶ Play' : '❚❚ Pause'}>
            <span>{playing ? '❚❚ Pause' : '▶ Play'}</span>
          </span>
        </button>
        <button type="button" onClick={() => void st.stepEvent()} disabled={!ready} data-tip={commandTitle('stepEvent')} aria-keyshortcuts="ArrowRight">
          Step ▶
        </button>
        <button type="button" onClick={() => void st.stepToInterrupt()} disabled={!ready} data-tip={commandTitle('stepToInterrupt')} aria-keyshortcuts="Shift+ArrowRight">
          Next interrupt ▶|
        </button>
      </div>
      <label className="speed">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS_NS_PER_S.length - 1}
          step={1}
          value={speedIndex}
          aria-valuetext={fmtSpeed(SPEEDS_NS_PER_S[speedIndex])}
          onChange={(e) => st.setSpeedIndex(Number(e.target.value))}
        />
        <output data-testid="speed">{fmtSpeed(SPEEDS_NS_PER_S[speedIndex])}</output>
      </label>
      <label className="time">
        <span>Time</span>
        <input
          type="range"
          min={0}
          max={end}
          step={1}
          value={now}
          aria-valuetext={`${fmtNs(now)} of ${fmtNs(end)}`}
          onChange={(e) => st.seek(Number(e.target.value))}
          onKeyDown={(e) => {
            // A keyboard moves the clock by 1 % of the run (10 % with Page Up/Down), not by the slider's 1 ns step; Home and End stay.
            const by = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[e.key];
            if (by === undefined) return;
            e.preventDefault();
            st.seek(Math.max(0, Math.min(end, Math.round(now + (by * end) / 100))));
          }}
        />
        <output data-testid="now" style={{ minWidth: `${timeTextWidthCh(durationNs)}ch` }}>
          t = {fmtPosition(position)} <span className="of">of {fmtNs(durationNs)}</span>
        </output>
      </label>
    </div>
  );
}

/** The intro, for the device model on screen (its descriptor's note says how it mitigates). */
function HowToRead({ model }: { model: DeviceModelName }) {
  const d = deviceModelDescriptor(model);
  return (
    <p data-testid="how-to-read">
      Frames arrive {d.hasWire ? 'from the wire' : 'from QEMU’s network layer'} into the <b className="c-rx">RX ring</b>, and the guest hands frames to send
      to the <b className="c-tx">TX ring</b>. Each event sets a <b className="c-irq">cause bit in ICR</b>; when the line goes up, the guest’s handler reads
      ICR (which clears it) and takes the frames. How this model decides when: <b className="c-timer">{d.label}</b>. {d.note} Press <kbd>Space</kbd> to play,{' '}
      <kbd>→</kbd> to step, <kbd>Shift</kbd>+<kbd>→</kbd> for the next interrupt. Hover anything for its datasheet name.
    </p>
  );
}

/** Every key of the Simulator, from the command table. */
function ShortcutList() {
  return (
    <ul className="legend shortcuts" aria-label="Keyboard shortcuts" data-testid="shortcuts">
      {COMMANDS.filter((c) => c.scope !== 'cursor').map((c) => (
        <li key={c.id}>
          <kbd>{c.keyText}</kbd> {c.label.split(':')[0].toLowerCase()}
        </li>
      ))}
    </ul>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Colour key">
      <li>
        <i className="sw rx solid" /> received frames (RX)
      </li>
      <li>
        <i className="sw tx solid" /> transmitted frames (TX)
      </li>
      <li>
        <i className="sw timer solid" /> delay timers
      </li>
      <li>
        <i className="sw irq solid" /> causes and interrupts
      </li>
      <li>
        <i className="sw cpu solid" /> guest vCPU busy
      </li>
    </ul>
  );
}

/** What the page's main region holds, for its landmark name. */
function mainLabelOf(tab: string): string {
  return tab === 'lessons' ? 'Lesson and simulator' : tab === 'simulator' ? 'Simulator' : `${tab[0].toUpperCase()}${tab.slice(1)} view`;
}

/**
 * The first Tab stop: straight to what the view is about (the lesson panel on
 * the Lessons tab, the main region otherwise), past the header and the tabs.
 * A button, not an in-page anchor: the address's hash is the lab's link.
 */
function SkipLink() {
  const tab = useLabView((s) => s.tab);
  const target = tab === 'lessons' ? 'the lesson' : 'the view';
  const skip = () => {
    const el = document.querySelector<HTMLElement>(tab === 'lessons' ? '[data-testid="lesson-panel"]' : '#main');
    if (!el) return;
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus();
    el.scrollIntoView({ block: 'start' });
  };
  return (
    <button type="button" className="skip-link" onClick={skip}>
      Skip to {target}
    </button>
  );
}

export function App() {
  const lab = useLabInstance();
  const store = lab.sim;
  const projector = useLab((s) => s.projector);
  const name = useLab((s) => s.scenario.name);
  const model = useLab((s) => s.scenario.device.model);
  const driver = useLab((s) => s.scenario.guest.driver);
  const mainLabel = mainLabelOf(useLabView((s) => s.tab));
  useKeyboard();
  useEffect(() => {
    document.documentElement.classList.toggle('projector', projector);
  }, [projector]);

  return (
    <div className="app">
      <SkipLink />
      {/* Two rows: the lab's title and the scenario on screen (wrapping, never cut); the views' tabs with the actions beside them. */}
      <header className="top">
        <div className="title">
          <h1>e1000 IRQ Lab</h1>
          <span className="scenario-name" id="scenario-name" data-testid="scenario-name">
            {name} <span className="sub">· {deviceModelDescriptor(model).label} · {guestDriverDescriptor(driver).label}</span>
          </span>
        </div>
        <div className="top-bar">
          <LabTabs />
          <div className="top-actions">
            <button type="button" onClick={() => void copyLink(lab)} data-tip="Copy a link to this scenario at this instant">
              Copy link
            </button>
            <ExportButtons />
            <EmbedDialog />
            <button
              type="button"
              aria-pressed={projector}
              onClick={() => store.getState().setProjector(!projector)}
              data-tip="Large type and high contrast for a projector"
            >
              Projector mode
            </button>
          </div>
        </div>
      </header>
      <main className="app-main" id="main" tabIndex={-1} aria-label={mainLabel}>
      <Messages />
      <Transport />
      {/* DOM order is reading and Tab order: the lesson (Lessons tab only) before the panels it narrates, the timeline
          first of the panels, the metrics after them, then the tools (capture replay, register console), the controls
          last. styles.css places them on one screen: the timeline under the transport, rings, ICR and timers in a row
          under it, then the metrics; the lesson, or the guide and the controls, in a column on the right. */}
      <div className="layout">
        <LessonPanel />
        {/* Folded, so the first screen is the transport and the panels; on a wide screen it heads the controls' column. */}
        <details className="intro">
          <summary>How to read this</summary>
          <HowToRead model={model} />
          <Legend />
          <ShortcutList />
        </details>
        <div className="panels">
          <TimelinePanel />
          <RingPanel dir="rx" />
          <RingPanel dir="tx" />
          <CausePanel />
          <TimersPanel />
          <DimPanel />
        </div>
        <MetricsPanel />
        <div className="tools">
          <CapturePanel />
          <RegisterConsole />
        </div>
        <ControlsPanel />
      </div>
      <LabViews />
      </main>
      <TooltipLayer />
    </div>
  );
}
