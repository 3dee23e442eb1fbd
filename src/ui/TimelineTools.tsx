/** The zoom, pan and fit buttons over a timeline: each one command of the command table, with its key in its name. */
import { commandTitle, type CommandId } from './timeline/commands';
import type { TimelineController } from './timeline/panZoom';

const TOOL_BUTTONS: { id: CommandId; text: string }[] = [
  { id: 'zoomIn', text: '+' },
  { id: 'zoomOut', text: '−' },
  { id: 'panLeft', text: '◀' },
  { id: 'panRight', text: '▶' },
  { id: 'fit', text: 'Fit' },
];

export function TimelineToolButtons({ controller }: { controller: TimelineController }) {
  return (
    <>
      {TOOL_BUTTONS.map(({ id, text }) => (
        <button key={id} type="button" onClick={() => controller.run(id)} data-tip={commandTitle(id)} aria-label={commandTitle(id)}>
          {text}
        </button>
      ))}
    </>
  );
}
