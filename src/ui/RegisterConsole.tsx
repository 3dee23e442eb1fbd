/**
 * "Register console": write or read any register by name or offset, as the
 * guest driver would, at the current instant. ICS raises a cause by hand,
 * IMC masks it, RDTR with FPD flushes the RX timer, RDT/TDT move the tails,
 * RDLEN resizes a ring. A read of ICR returns the pending causes and clears
 * them, like the ISR's read. Every access shows in the other panels, is
 * recorded in the trace (MMIO records) and goes into the scenario, so the
 * share link and every re-run replay it at its instant.
 */
import { useId, useState } from 'react';
import { REGISTERS, CAUSES } from '../core';

import { fmtNs } from '../state/format';
import { describeValue, parseRegister, parseValue, registerLine, CAUSE_REGISTERS } from '../state/registerConsole';
import { MAX_CONSOLE_OPS } from '../scenario/schema';
import './export/tools.css';
import { useLab, useSimStore } from './labContext';
import { plainError } from '../scenario/plainWords';

interface LogLine {
  id: number;
  tNs: number;
  text: string;
  kind: 'write' | 'read' | 'error';
}

const EXAMPLES: { reg: string; value: string; tip: string }[] = [
  { reg: 'ICS', value: 'RXT0', tip: 'Raise RXT0 by hand (a software interrupt)' },
  { reg: 'IMC', value: 'RXT0|TXDW', tip: 'Mask RX timer and TX write-back interrupts' },
  { reg: 'IMS', value: 'RXT0|TXDW', tip: 'Unmask them again' },
  { reg: 'RDTR', value: 'FPD|8', tip: 'Flush the RX timer now (FPD) and keep RDTR at 8' },
  { reg: 'ITR', value: '488', tip: 'Throttle to about 8000 interrupts/s' },
];

let nextId = 1;

export function RegisterConsole() {
  const store = useSimStore();
  const ready = useLab((s) => s.status === 'ready');
  const accesses = useLab((s) => s.scenario.console?.length ?? 0);
  const [regText, setRegText] = useState('ICS');
  const [valueText, setValueText] = useState('RXT0');
  const [log, setLog] = useState<LogLine[]>([]);
  const [busy, setBusy] = useState(false);
  const regId = useId();
  const valueId = useId();
  const listId = useId();
  const parsedReg = parseRegister(regText);
  const reg = parsedReg.ok ? parsedReg.value : null;

  const add = (line: Omit<LogLine, 'id'>) => setLog((l) => [{ ...line, id: nextId++ }, ...l].slice(0, 50));
  const fail = (text: string) => add({ tNs: store.getState().frame?.nowNs ?? 0, text: text && plainError(text), kind: 'error' });

  const access = async (op: 'write' | 'read') => {
    if (!reg) {
      fail(parsedReg.ok ? '' : parsedReg.error);
      return;
    }
    let value = 0;
    if (op === 'write') {
      const v = parseValue(valueText, reg);
      if (!v.ok) {
        fail(`${reg.name}: ${v.error}`);
        return;
      }
      value = v.value;
    }
    setBusy(true);
    try {
      const r = await store.getState().consoleAccess(op === 'write' ? { op, reg: reg.name, value } : { op, reg: reg.name });
      if (!r.ok) {
        fail(r.error);
        return;
      }
      const tNs = Math.round(r.value.op.tUs * 1000);
      if (op === 'write') {
        add({ tNs, kind: 'write', text: `write ${reg.name} ← ${describeValue(reg, value)}; ${reg.name} now reads ${describeValue(reg, r.value.value)}` });
      } else {
        add({ tNs, kind: 'read', text: `read ${reg.name} → ${describeValue(reg, r.value.value)}${reg.name === 'ICR' ? ' (the read cleared ICR)' : ''}` });
      }
    } finally {
      setBusy(false);
    }
  };

  const forget = () => {
    const st = store.getState();
    const { console: _dropped, ...rest } = st.scenario;
    void st.setScenario(rest, { keepTime: true, presetId: null });
    setLog([]);
  };

  return (
    <section className="panel console-panel" aria-labelledby="h-console" data-testid="register-console">
      <h2 id="h-console" className="irq">
        Register console
      </h2>
      <p className="caption">
        Write or read any register as the guest driver would, now. The effect shows in every panel, is recorded in the trace and goes into the share
        link. <b>A read of ICR clears it</b>, as the guest's interrupt handler's read does.
      </p>
      <form
        className="console-form"
        onSubmit={(e) => {
          e.preventDefault();
          void access('write');
        }}
      >
        <label htmlFor={regId}>Register</label>
        <input
          id={regId}
          list={listId}
          value={regText}
          onChange={(e) => setRegText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${regId}-help`}
          aria-invalid={!parsedReg.ok}
          placeholder="ICS or 0xC8"
        />
        <datalist id={listId}>
          {REGISTERS.map((r) => (
            <option key={r.name} value={r.name}>
              {`0x${r.offset.toString(16).toUpperCase().padStart(4, '0')} ${r.help}`}
            </option>
          ))}
        </datalist>
        <label htmlFor={valueId}>Value</label>
        <input
          id={valueId}
          value={valueText}
          onChange={(e) => setValueText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="0x80, 128 or RXT0|TXDW"
        />
        <span className="console-buttons">
          <button type="submit" disabled={!ready || busy} data-tip="Write the value to the register now (as a guest MMIO write)">
            Write
          </button>
          <button type="button" disabled={!ready || busy} onClick={() => void access('read')} data-tip="Read the register now (as a guest MMIO read; reading ICR clears it)">
            Read
          </button>
        </span>
      </form>
      <p className="note" id={`${regId}-help`} data-testid="console-help">
        {reg ? registerLine(reg) : parsedReg.ok ? '' : parsedReg.error}
        {reg && CAUSE_REGISTERS.includes(reg.name) ? ` Cause names: ${CAUSES.map((c) => c.name).join(', ')}.` : ''}
        {reg?.name === 'RDTR' ? ' FPD (bit 31) flushes the RX timer now.' : ''}
      </p>
      <p className="console-examples">
        Try:{' '}
        {EXAMPLES.map((x) => (
          <button
            key={`${x.reg}=${x.value}`}
            type="button"
            className="chip"
            data-tip={x.tip}
            onClick={() => {
              setRegText(x.reg);
              setValueText(x.value);
            }}
          >
            {x.reg} ← {x.value}
          </button>
        ))}
      </p>
      <ol className="console-log" aria-live="polite" aria-label="Register console log" data-testid="console-log">
        {log.map((l) => (
          <li key={l.id} className={l.kind}>
            <span className="t">t = {fmtNs(l.tNs)}</span> {l.text}
          </li>
        ))}
      </ol>
      <p className="note">
        {accesses === 0
          ? 'No console accesses in this scenario yet.'
          : `${accesses} console access${accesses === 1 ? '' : 'es'} in this scenario (at most ${MAX_CONSOLE_OPS}), replayed at their instants by the share link and on every re-run. `}
        {accesses > 0 && (
          <button type="button" className="link-button" onClick={forget} disabled={!ready}>
            Forget them
          </button>
        )}
      </p>
    </section>
  );
}
