/**
 * Every keyboard command of the lab in one table: its keys, the words shown
 * for them (button labels, tooltips, captions, the shortcut list) and how
 * far it moves. The key handlers, the buttons and the help text all read
 * this table, so a key and its help cannot disagree. Timeline keys follow
 * Perfetto's (W/S zoom, A/D pan, F fit).
 */

export type CommandScope = 'transport' | 'timeline' | 'cursor';

export interface Command {
  id: CommandId;
  scope: CommandScope;
  /** KeyboardEvent.key values (either case for letters). */
  keys: readonly string[];
  shift: boolean;
  /** The keys as a user reads them. */
  keyText: string;
  /** What it does, as a button's name or a tooltip. */
  label: string;
  /** Zoom factor (zoom commands) or fraction of the window (pan commands). */
  amount?: number;
}

export type CommandId =
  | 'togglePlay'
  | 'stepEvent'
  | 'stepToInterrupt'
  | 'stepBack'
  | 'zoomIn'
  | 'zoomOut'
  | 'panLeft'
  | 'panRight'
  | 'fit'
  | 'cursorLeft'
  | 'cursorRight'
  | 'cursorPrevInterrupt'
  | 'cursorNextInterrupt';

const ZOOM_STEP = 0.7;
const PAN_STEP = 0.2;

export const COMMANDS: readonly Command[] = [
  { id: 'togglePlay', scope: 'transport', keys: [' '], shift: false, keyText: 'Space', label: 'Play or pause' },
  { id: 'stepEvent', scope: 'transport', keys: ['ArrowRight'], shift: false, keyText: '→', label: 'Step one event' },
  { id: 'stepToInterrupt', scope: 'transport', keys: ['ArrowRight'], shift: true, keyText: 'Shift+→', label: 'Run to the next interrupt' },
  { id: 'stepBack', scope: 'transport', keys: ['ArrowLeft'], shift: false, keyText: '←', label: 'Step back one event: a deterministic re-run from t = 0' },
  { id: 'zoomIn', scope: 'timeline', keys: ['w', 'W'], shift: false, keyText: 'W', label: 'Zoom in', amount: ZOOM_STEP },
  { id: 'zoomOut', scope: 'timeline', keys: ['s', 'S'], shift: false, keyText: 'S', label: 'Zoom out', amount: 1 / ZOOM_STEP },
  { id: 'panLeft', scope: 'timeline', keys: ['a', 'A'], shift: false, keyText: 'A', label: 'Pan left', amount: -PAN_STEP },
  { id: 'panRight', scope: 'timeline', keys: ['d', 'D'], shift: false, keyText: 'D', label: 'Pan right', amount: PAN_STEP },
  { id: 'fit', scope: 'timeline', keys: ['f', 'F'], shift: false, keyText: 'F', label: 'Fit' },
  { id: 'cursorLeft', scope: 'cursor', keys: ['ArrowLeft'], shift: false, keyText: '←', label: 'Cursor back one hundredth of the window' },
  { id: 'cursorRight', scope: 'cursor', keys: ['ArrowRight'], shift: false, keyText: '→', label: 'Cursor on one hundredth of the window' },
  { id: 'cursorPrevInterrupt', scope: 'cursor', keys: ['ArrowLeft'], shift: true, keyText: 'Shift+←', label: 'Cursor to the previous interrupt' },
  { id: 'cursorNextInterrupt', scope: 'cursor', keys: ['ArrowRight'], shift: true, keyText: 'Shift+→', label: 'Cursor to the next interrupt' },
];

export function command(id: CommandId): Command {
  return COMMANDS.find((c) => c.id === id)!;
}

/** The command of `scopes` a key press means, or null. */
export function commandForKey(e: { key: string; shiftKey: boolean }, scopes: readonly CommandScope[]): Command | null {
  // Letters ignore Shift (W and w zoom alike); arrows do not.
  return COMMANDS.find((c) => scopes.includes(c.scope) && c.keys.includes(e.key) && (c.shift === e.shiftKey || (e.key.length === 1 && c.keys.length > 1))) ?? null;
}

/** A button's accessible name and tooltip: "Zoom in (W)". */
export function commandTitle(id: CommandId): string {
  const c = command(id);
  return `${c.label} (${c.keyText})`;
}

/** One line of key help for the timeline's caption: "W/S to zoom, A/D to pan, F to fit". */
export function timelineKeyHelp(): string {
  const k = (id: CommandId) => command(id).keyText;
  return `${k('zoomIn')}/${k('zoomOut')} to zoom, ${k('panLeft')}/${k('panRight')} to pan, ${k('fit')} to fit`;
}
