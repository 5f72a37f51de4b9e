// What we sent that the room has not answered yet: one entry per frame, answered in order by
// exactly one ack, error, reply or rename. Our own lines show at once (greyed) and move to where
// the room's ack places them.
import { ui } from './dom.js';
import { state } from './state.js';
import { parseInput } from './protocol.js';
import * as connection from './connection.js';
import * as view from './view.js';

const sent = [];

export function transmit(text) {
  connection.send(text);
  const parsed = parseInput(text);
  const entry = { li: null };
  if (parsed.say) {
    entry.li = parsed.action
      ? view.actionItem(state.me, parsed.text, null, null, state.verified)
      : view.messageItem(state.me, parsed.text, null, null, state.verified);
    entry.li.classList.add('pending', 'mine');
    entry.li.dataset.text = parsed.text;
    entry.li.dataset.action = String(parsed.action);
  }
  sent.push(entry);
  if (entry.li) view.place(entry.li, { mine: true });
}

/** A reply (members, help, rooms, our rename) answered the oldest entry; true, to chain a line after it. */
export const answered = () => sent.shift() ?? true;

/** id: the message's room id, by which a moderator's delete finds it. */
export function acked(ts, id) {
  const entry = sent.shift();
  // Placed by the ack: after every event the room sequenced before it, like on every other page.
  if (entry?.li) {
    entry.li.dataset.id = String(id);
    view.confirm(entry.li, ts);
  }
}

export function refused(message) {
  const entry = sent.shift();
  if (entry?.li) {
    view.fail(entry.li, message);
  } else {
    view.showLine('error', message, null, 'Error');
  }
}

/** The socket went (a drop, or a switch of room): what it had not confirmed may or may not be in the room. */
export function giveUp(reason) {
  for (const entry of sent.splice(0)) {
    if (entry.li) {
      view.fail(entry.li, reason);
      entry.li.dataset.lost = 'true';
    }
  }
}

// A message whose ack was lost with the connection may still have reached the room: when the
// missed events hold it, the room's copy replaces the one marked as lost.
export function forgetLost(event) {
  const author = event.from.toLowerCase();
  if (author !== state.me?.toLowerCase() && author !== state.wanted?.toLowerCase()) return;
  for (const li of ui.messages.querySelectorAll(':scope > [data-lost="true"]')) {
    if (li.dataset.text === event.text && li.dataset.action === String(Boolean(event.action))) {
      li.remove();
      return;
    }
  }
}

/** After a resume: what the missed events did not hold never reached the room. */
export function notReturned() {
  for (const li of ui.messages.querySelectorAll(':scope > [data-lost="true"]')) {
    view.fail(li, 'not sent: the connection dropped before the room got it');
    delete li.dataset.lost;
  }
}
