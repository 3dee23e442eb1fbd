/**
 * One colour per meaning, the same in every panel (Okabe-Ito based, safe for
 * common colour-vision deficiencies). Everything else is greys.
 */
export const COLORS = {
  /** Received frames, RX ring, RX timers' cause (RXT0) */
  rx: '#0072B2',
  /** The RX ring's "NIC owns" cells and the taken ticks: between the guest's white and `rx` in lightness, at least 1.5:1 from each (colors.test.ts) */
  rxLight: '#79b5d7',
  /** Transmitted frames, TX ring */
  tx: '#009E73',
  txLight: '#78ccb5',
  /** Interrupt line, cause bits set, assertions */
  irq: '#D55E00',
  irqLight: '#f8dcc9',
  /** Delay timers and the ITR window */
  timer: '#7B5EA7',
  timerLight: '#e6def2',
  /** Guest vCPU busy time */
  cpu: '#6b6b6b',
  cpuLight: '#d9d9d9',
  /** The guest has masked interrupts (IMC written, IMS not yet): a grey, the guest's state like the vCPU (3:1 on the timeline's lane background) */
  masked: '#8e8e8e',
  /**
   * A cause pending and the window over, the line waiting for the guest's IMS write: Okabe-Ito's reddish purple,
   * darkened so that in grey it still differs from `masked`, which shares its lane (colors.test.ts).
   */
  unmaskWait: '#a34a7f',
  /** Drops (RXO): drawn as a dark cross, not a new hue */
  drop: '#1a1a1a',
  ink: '#1f2328',
  muted: '#6e7781',
  grid: '#e5e7ea',
  bg: '#ffffff',
  /** A ring cell the guest owns: white with an outline (cells of 6 px and more), a pale grey when the cells are too small for one */
  ringGuest: '#ffffff',
  ringGuestSmall: '#eceef1',
} as const;

/** Projector mode: same hues, darker and thicker. */
export const PROJECTOR_COLORS = {
  ...COLORS,
  rx: '#005a8f',
  rxLight: '#85b0c9',
  tx: '#00775a',
  txLight: '#7dbaab',
  irq: '#b34700',
  irqLight: '#f3c3a1',
  timer: '#5b3f8a',
  timerLight: '#cdbfe3',
  cpu: '#444444',
  cpuLight: '#bdbdbd',
  ink: '#000000',
  muted: '#333333',
  grid: '#bdbdbd',
} as const;

export type Palette = { readonly [K in keyof typeof COLORS]: string };
