/**
 * The cause panel a device model is drawn with (its descriptor's `causeView`):
 * the 8254x's ICR, or a frames + time NIC's completion queues.
 */
import { deviceModelDescriptor } from '../core';
import { CompletionQueuePanel } from './CompletionQueuePanel';
import { IcrPanel } from './IcrPanel';
import { useLab } from './labContext';

export function CausePanel() {
  const model = useLab((s) => s.scenario.device.model);
  return deviceModelDescriptor(model).causeView === 'completion-queue' ? <CompletionQueuePanel /> : <IcrPanel />;
}
