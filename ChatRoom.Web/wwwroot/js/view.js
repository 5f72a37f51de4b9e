// The conversation: building each kind of line, placing it in the room's order, grouping and
// following the newest line unless the reader scrolled up.
import { ui, span, avatar, nameElement, ownDirection, verifiedBadge } from './dom.js';
import { state } from './state.js';
import { appendRichText } from './richtext.js';

const GROUP_WINDOW_MS = 5 * 60 * 1000;
const NEAR_BOTTOM_PX = 48;
// A tab left open for days must not grow without bound: the oldest lines are dropped.
const MAX_LINES = 2000;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

let below = 0; // lines that arrived while the reader was scrolled up

export function isNearBottom() {
  const s = ui.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
}

export function scrollToBottom() {
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
  below = 0;
  ui.jump.hidden = true;
}

export function readerAtBottom() {
  if (isNearBottom()) {
    below = 0;
    ui.jump.hidden = true;
  }
}

// Confirmed lines go after every confirmed line and before our own messages still awaiting their
// ack: the room's order is the order in which its events reach us.
export function place(li, { mine = false } = {}) {
  const stick = mine || isNearBottom();
  const firstPending = mine ? null : ui.messages.querySelector(':scope > .pending');
  ui.messages.insertBefore(li, firstPending);
  regroup(li);
  while (ui.messages.childElementCount > MAX_LINES) ui.messages.firstElementChild.remove();
  ui.empty.hidden = true;
  if (stick) {
    scrollToBottom();
  } else if (li.classList.contains('msg') || li.classList.contains('action')) {
    below += 1;
    ui.jump.textContent = below === 1 ? 'New message ↓' : `${below} new messages ↓`;
    ui.jump.hidden = false;
  }
}

/** Drops every line: the room starts again from a new welcome. */
export function clear() {
  ui.messages.replaceChildren();
  ui.empty.hidden = false;
  below = 0;
  ui.jump.hidden = true;
}

/** Takes every line out of the page, to be put back by restore() when the room is in view again. */
export function detach() {
  const lines = [...ui.messages.children];
  clear();
  return lines;
}

export function restore(lines) {
  clear();
  ui.messages.append(...lines);
  ui.empty.hidden = lines.length > 0;
  scrollToBottom();
}

export function busy(on) {
  ui.messages.setAttribute('aria-busy', String(on));
}

// Consecutive messages from one author within a few minutes share one header.
export function regroup(li) {
  for (const el of [li, li.nextElementSibling]) {
    if (!el || !el.classList.contains('msg')) continue;
    const prev = el.previousElementSibling;
    const joined = prev !== null
      && prev.classList.contains('msg')
      && !prev.classList.contains('failed')
      && prev.dataset.from === el.dataset.from
      && Math.abs(Number(el.dataset.time) - Number(prev.dataset.time)) < GROUP_WINDOW_MS;
    el.classList.toggle('cont', joined);
  }
}

/** A line leaves (a moderator deleted the message); the one after it regroups with the one before. */
export function remove(li) {
  if (!li) return;
  const next = li.nextElementSibling;
  li.remove();
  if (next) regroup(next);
}

export function timeElement(ts) {
  const el = document.createElement('time');
  const date = new Date(ts);
  el.dateTime = date.toISOString();
  // History can reach back days: a bare time would then be ambiguous.
  el.textContent = date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dayTimeFormat.format(date);
  el.title = fullFormat.format(date);
  return el;
}

/** A message; `mention` (a pattern for your name) marks it when it names you. */
export function messageItem(from, text, ts, mention = null, verified = false) {
  const li = document.createElement('li');
  li.className = 'msg';
  li.dataset.from = from.toLowerCase();
  li.dataset.time = String(ts ? Date.parse(ts) : Date.now());
  if (from === state.me) li.classList.add('mine');
  li.append(avatar(from));
  const body = document.createElement('div');
  body.className = 'body';
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.append(nameElement('author', from));
  if (verified) meta.append(verifiedBadge());
  meta.append(ts ? timeElement(ts) : span('sending', 'sending…'));
  const content = document.createElement('div');
  content.className = 'text';
  ownDirection(content);
  appendRichText(content, text, mention);
  body.append(meta, content);
  li.append(body);
  return li;
}

export function actionItem(from, text, ts, mention = null, verified = false) {
  const li = document.createElement('li');
  li.className = 'action';
  if (from === state.me) li.classList.add('mine');
  const line = document.createElement('p');
  const content = ownDirection(span('text', ''));
  appendRichText(content, text, mention);
  line.append(span('star', '*'), ' ', nameElement('author', from), ...(verified ? [verifiedBadge()] : []), ' ', content);
  li.append(line, ts ? timeElement(ts) : span('sending', 'sending…'));
  return li;
}

// `text` is a string, or an array of strings and nodes (names in <bdi>, see nameElement).
function lineItem(kind, text, ts, label) {
  const li = document.createElement('li');
  li.className = kind;
  const line = document.createElement('p');
  if (label) line.append(span('label', label), ' ');
  const content = ownDirection(span('text', ''));
  content.append(...[text].flat());
  line.append(content);
  li.append(line);
  if (ts) li.append(timeElement(ts));
  return li;
}

export const showLine = (kind, text, ts, label) => place(lineItem(kind, text, ts, label));

/** The room's timestamp replaces "sending…", and the line moves to where the room ordered it. */
export function confirm(li, ts) {
  li.classList.remove('pending');
  li.dataset.time = String(Date.parse(ts));
  li.querySelector('.sending')?.replaceWith(timeElement(ts));
  li.remove();
  place(li);
}

export function fail(li, reason) {
  li.classList.remove('pending');
  li.classList.add('failed');
  li.querySelector('.sending')?.remove();
  li.querySelector('.failure')?.remove();
  const note = span('failure', reason);
  note.setAttribute('role', 'alert');
  li.append(note);
  regroup(li);
}
