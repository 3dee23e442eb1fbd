/**
 * "Interrupt causes (ICR)": every cause bit with its datasheet name, set or
 * clear, enabled or masked by IMS, the line state, and a flash when a bit is
 * set or cleared by the ISR's ICR read.
 */
import { CAUSES, causeNames, REG_BY_NAME, REG_INDEX, TraceKind, maskHolder, napiTraced, type MaskHolder, type NapiState } from '../core';

import { fmtHex, fmtNs } from '../state/format';
import { useLab, useTrace } from './labContext';
import type { TraceWindow } from '../state/traceWindow';
import { atThisNs } from './thisNs';

/** The ISR's last ICR read (from the trace window). */
function lastIcrRead(trace: TraceWindow): { tNs: number; value: number } | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    if (trace.kind[i] === TraceKind.ICR_READ) return { tNs: trace.tNs[i], value: trace.a[i] };
  }
  return null;
}

const MASK_HOLDER_TIP =
  "Who keeps IMS at 0. The driver's ISR masks (IMC) and its NAPI poll unmasks (IMS) when napi_complete_done allows; with napi_defer_hard_irqs and gro_flush_timeout (deferral) or irq_suspend_timeout (IRQ suspension, 6.13) the kernel keeps it masked with no poll running, until its hrtimer's poll (\"n left\": the empty polls napi_defer_hard_irqs still allows before the unmask); while the application busy-polls (IN_BUSY_POLL) the driver may not unmask. See docs/software-mitigation.md.";

/** The panel's line on who holds the mask (core's maskHolder), with the hrtimer's expiry. */
function maskHolderText(holder: MaskHolder, napi: NapiState | undefined): string {
  const due = napi && napi.timerExpiresNs >= 0 ? `; hrtimer poll at ${fmtNs(napi.timerExpiresNs)}` : '';
  switch (holder) {
    case 'none':
      return 'Interrupts enabled (IMS set).';
    case 'isr':
      return "Masked by the driver's ISR (IMC); its NAPI poll unmasks when napi_complete_done allows.";
    case 'busy-poll':
      return 'Masked while the application busy-polls (IN_BUSY_POLL): napi_complete_done refuses the unmask.';
    case 'kernel-deferral':
      return `Masked by the kernel (deferral, ${napi?.deferHardIrqsCount ?? 0} left)${due}.`;
    case 'kernel-suspension':
      return `Masked by the kernel (IRQ suspension)${due}.`;
  }
}

export function IcrPanel() {
  const trace = useTrace();
  const icr = useLab((s) => (s.frame ? s.frame.snapshot.regs[REG_INDEX.ICR] : 0));
  const ims = useLab((s) => (s.frame ? s.frame.snapshot.regs[REG_INDEX.IMS] : 0));
  const line = useLab((s) => s.frame?.snapshot.line ?? false);
  const interrupts = useLab((s) => s.frame?.snapshot.counters.interrupts ?? 0);
  const napi = useLab((s) => s.frame?.snapshot.napi);
  const kernelOn = useLab((s) => napiTraced(s.scenario.guest));
  const holder = maskHolder(ims === 0, napi);
  useLab((s) => s.traceVersion);
  const read = lastIcrRead(trace);

  // Causes are often set and read in the same instant (a zero-cost ISR), so
  // snapshots alone would never show them: the trace records of this very
  // nanosecond (the steps taken at it so far) say which bits were set and
  // read here, so the panel is a function of the position, as a link or Back
  // reopens it, not of how long ago in real time it changed.
  const now = useLab((s) => s.frame?.nowNs ?? 0);
  const here = atThisNs(trace, now);
  const lineLit = line || here.lineAsserted;

  const lineTip =
    'The interrupt line (INTx) is asserted while ICR & IMS is not zero, no sooner than ITR allows. The ISR reads ICR, which clears it and drops the line.';

  return (
    <section className="panel icr-panel" aria-labelledby="h-icr" data-testid="icr">
      <h2 id="h-icr" className="irq">
        Interrupt causes (ICR)
      </h2>
      <div className="line-row">
        <span className={lineLit ? 'line-state on' : 'line-state'} data-tip={lineTip} data-testid="line-state">
          Interrupt line: <b>{line ? 'asserted' : lineLit ? 'fired at this ns, dropped' : 'idle'}</b>
        </span>
        <span className="count" data-tip="Interrupt assertions the guest has seen since t = 0">
          interrupts so far <b data-testid="interrupt-count">{interrupts}</b>
        </span>
      </div>
      {kernelOn ? (
        <p className={`mask-holder ${holder}`} data-testid="mask-holder" data-holder={holder} data-tip={MASK_HOLDER_TIP} tabIndex={0}>
          {maskHolderText(holder, napi)}
        </p>
      ) : null}
      <ul className="bits" aria-label="ICR cause bits">
        {[...CAUSES].reverse().map((c) => {
          const set = (icr & c.mask) !== 0;
          const enabled = (ims & c.mask) !== 0;
          const justSet = !set && (here.set & c.mask) !== 0;
          const justRead = (here.read & c.mask) !== 0;
          const tip = `${c.name} (ICR bit ${c.bit}, ${fmtHex(c.mask)}): ${c.help}. ${set ? 'Set now.' : 'Clear.'} ${
            enabled ? 'Enabled in IMS: raises the line.' : 'Masked in IMS: latches in ICR but does not raise the line.'
          } SDM ${REG_BY_NAME.ICR.sdm}.`;
          return (
            <li
              key={c.bit}
              className={`bit ${set ? 'set' : justSet ? 'just-set' : 'clear'} ${enabled ? 'enabled' : 'masked'} ${justSet ? 'flash-set' : ''}`}
              data-tip={tip}
              tabIndex={0}
              aria-label={`${c.name}, bit ${c.bit}: ${set ? 'set' : 'clear'}, ${enabled ? 'enabled' : 'masked'}`}
              data-testid={`bit-${c.name}`}
            >
              <span className="name">{c.name}</span>
              <span className="bitno">bit {c.bit}</span>
              <span className="val">{set ? '1' : justSet ? '1→0' : '0'}</span>
              <span className="mask">{justRead && !set ? 'read, cleared' : enabled ? 'enabled' : 'masked'}</span>
            </li>
          );
        })}
      </ul>
      <div className="regs-row">
        <span data-tip={`${REG_BY_NAME.ICR.help} (offset ${fmtHex(REG_BY_NAME.ICR.offset, 4)}, SDM ${REG_BY_NAME.ICR.sdm})`}>
          ICR <code data-testid="icr-value">{fmtHex(icr, 5)}</code>
        </span>
        <span data-tip={`${REG_BY_NAME.IMS.help} (offset ${fmtHex(REG_BY_NAME.IMS.offset, 4)}, SDM ${REG_BY_NAME.IMS.sdm})`}>
          IMS <code>{fmtHex(ims, 5)}</code>
        </span>
        <span data-tip="What the guest's interrupt handler read from ICR last time (the read cleared ICR)">
          last ICR read:{' '}
          {read ? (
            <>
              <code>{fmtHex(read.value, 2)}</code> {causeNames(read.value).join(' ') || 'none (not ours)'} at {fmtNs(read.tNs)}
            </>
          ) : (
            'none yet'
          )}
        </span>
      </div>
    </section>
  );
}
