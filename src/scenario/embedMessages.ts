/**
 * The embedding API's messages (docs/embedding.md), version 1: what a page
 * that embeds the lab in an <iframe> may post to it, validated with valibot
 * like every other input. A message that fails gets one error line naming
 * the field, the value and what is allowed, and changes nothing.
 *
 * Every message in and out carries `e1000: 1` (the API's version); a page
 * may add an `id` (text or integer) that the reply repeats.
 */
import * as v from 'valibot';
import { err, ok, type Result } from '../base/result';
import { formatPath, integerIn, numberIn, showValue, strictObjectOf, textUpTo, variantBy } from './fieldSchemas';
import { MAX_DURATION_US } from './schema';

/** The API's version: the `e1000` field of every message. */
export const EMBED_API_VERSION = 1;

/** Longest link a `load` message may carry (characters): a `#lx1.` lesson link with its whole lesson fits. */
export const MAX_EMBED_LINK_CHARS = 256 * 1024;

const version = () =>
  v.literal(EMBED_API_VERSION, (issue) => `${showValue(issue.input)} is not a version this lab speaks (${EMBED_API_VERSION})`);
const messageId = () =>
  v.optional(
    v.union([textUpTo(100), integerIn(0, Number.MAX_SAFE_INTEGER)], (issue) => `${showValue(issue.input)} is not allowed (text of at most 100 characters or an integer >= 0)`),
  );

const COMMANDS = ['load', 'play', 'pause', 'seek', 'getMetrics', 'getState'] as const;

const MessageSchema = variantBy(
  'type',
  [
    strictObjectOf({ e1000: version(), id: messageId(), type: v.literal('load'), link: textUpTo(MAX_EMBED_LINK_CHARS) }, 'a load message'),
    strictObjectOf({ e1000: version(), id: messageId(), type: v.literal('play') }, 'a play message'),
    strictObjectOf({ e1000: version(), id: messageId(), type: v.literal('pause') }, 'a pause message'),
    strictObjectOf({ e1000: version(), id: messageId(), type: v.literal('seek'), tUs: numberIn(0, MAX_DURATION_US, ' µs') }, 'a seek message'),
    strictObjectOf({ e1000: version(), id: messageId(), type: v.literal('getMetrics') }, 'a getMetrics message'),
    strictObjectOf({ e1000: version(), id: messageId(), type: v.literal('getState') }, 'a getState message'),
  ],
  `one of ${COMMANDS.map((c) => JSON.stringify(c)).join(', ')}`,
);

export type EmbedMessage = v.InferOutput<typeof MessageSchema>;
export type EmbedCommand = EmbedMessage['type'];

/** What the lab posts back: a reply to a message, an error, or an event. */
export type EmbedOut =
  | { e1000: typeof EMBED_API_VERSION; type: 'reply'; id?: string | number; command: EmbedCommand; value?: unknown }
  | { e1000: typeof EMBED_API_VERSION; type: 'error'; id?: string | number; error: string }
  | { e1000: typeof EMBED_API_VERSION; type: 'event'; event: EmbedEventName; [field: string]: unknown };

export const EMBED_EVENTS = ['ready', 'interrupt', 'lessonStep', 'questionAnswered'] as const;
export type EmbedEventName = (typeof EMBED_EVENTS)[number];

/** Read one posted message: the message, or one line saying what is wrong with it (prefixed `message.`). */
export function parseEmbedMessage(data: unknown): Result<EmbedMessage> {
  const r = v.safeParse(MessageSchema, data);
  if (r.success) return ok(r.output);
  const issue = r.issues[0];
  return err(`message${issue.path ? `.${formatPath(issue.path)}` : ''}: ${issue.message}`);
}

/** The `id` of a message, when it has a usable one, so even an error reply can name what it answers. */
export function messageIdOf(data: unknown): string | number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const id = (data as { id?: unknown }).id;
  return (typeof id === 'string' && id.length <= 100) || (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ? id : undefined;
}
