// What the room's frames mean for the page: the welcome (fresh, resumed or a new epoch), room
// events, answers to what we sent, and where to resume from after a drop.
import { ui, hueOf, initial, nameElement, verifiedBadge } from './dom.js';
import { state } from './state.js';
import { parseFrame, parseInput } from './protocol.js';
import { mentionPattern, mentions } from './richtext.js';
import { rememberName } from './names.js';
import * as connection from './connection.js';
import * as view from './view.js';
import * as members from './members.js';
import * as attention from './attention.js';
import * as composer from './composer.js';

// One entry per frame sent, answered in order by exactly one ack, error, reply or rename.
const sent = [];
let mention = null;

/** Where a reconnect resumes from: null until a welcome gave us an epoch. */
export function resumePoint() {
  return state.epoch !== null && state.last !== null ? { since: state.last, epoch: state.epoch } : null;
}

export function setOnline(online) {
  state.online = online;
  ui.app.classList.toggle('offline', !online);
  ui.input.disabled = !online && !state.everOnline;
  composer.update();
}

function setMe(name) {
  state.me = name;
  mention = mentionPattern(name);
  ui.meName.textContent = name;
  ui.meAvatar.className = `avatar avatar-small hue-${hueOf(name)}`;
  ui.meAvatar.textContent = initial(name);
  ui.me.hidden = false;
  members.meChanged();
}

// "alice, bob": each name isolated, so a right-to-left name does not swap places with its neighbours.
const listOfNames = (names) => names.flatMap((name, i) => (i === 0 ? [] : [', ']).concat(nameElement('name', name)));

function processed(id) {
  if (typeof id === 'number' && (state.last === null || id > state.last)) state.last = id;
}

export function receive(data) {
  const frame = parseFrame(data);
  switch (frame?.type) {
    case 'welcome': return welcome(frame);
    case 'message':
    case 'join':
    case 'leave':
    case 'rename':
    case 'notice': return roomEvent(frame, { live: true });
    case 'ack': return ack(frame);
    case 'presence': return members.setCount(frame.online);
    case 'members': return answered() && view.showLine('info', [`${frame.members.length} online: `, ...listOfNames(frame.members)]);
    case 'help': return answered() && view.showLine('info', frame.text);
    case 'error': return refused(frame);
    default: return undefined; // a newer server's event: ignore rather than break
  }
}

// resumed:true appends exactly what we missed; anything else (a fresh join, resumed:false after
// a restart or a long absence, or a server that does not resume) starts the page over from this
// welcome, so no line from another epoch or a replayed history is ever shown twice.
function welcome(frame) {
  const again = state.everOnline;
  const resumed = again && frame.resumed === true && frame.epoch === state.epoch;
  connection.welcomed();
  if (!resumed) {
    view.clear();
    attention.reset();
  }
  state.maxBytes = frame.maxMessageBytes;
  state.epoch = typeof frame.epoch === 'string' ? frame.epoch : null;
  setMe(frame.you);
  view.busy(true);
  for (const past of frame.history) roomEvent(past, { live: resumed });
  view.busy(false);
  state.last = typeof frame.last === 'number' ? frame.last : state.last;
  setMe(frame.you); // the welcome is the truth, whatever renames the replay went through
  state.verified = frame.verified === true;
  members.set(frame.members, frame.online); // exact as of `last`, at any room size
  if (resumed) {
    for (const li of ui.messages.querySelectorAll(':scope > [data-lost="true"]')) {
      view.fail(li, 'not sent: the connection dropped before the room got it');
      delete li.dataset.lost;
    }
  }
  state.everOnline = true;
  setOnline(true);
  connection.setStatus('online', 'Online', again ? 'Reconnected.' : `Joined as ${frame.you}.`);
  // Without an epoch the server does not resume at all: then a redraw is no news worth telling.
  if (again) view.showLine('system', resumed || state.epoch === null ? 'Reconnected.' : 'Reconnected. The room started afresh.');
  if (document.activeElement === document.body || document.activeElement === ui.input || !again) {
    ui.input.focus();
  }
}

/** live: a new event (counted as unread while away), not a history from before we came. */
function roomEvent(event, { live }) {
  processed(event.id);
  switch (event.type) {
    case 'message': {
      forgetLost(event);
      const mine = event.from === state.me;
      const pattern = mine ? null : mention;
      const li = event.action
        ? view.actionItem(event.from, event.text, event.ts, pattern, event.verified === true)
        : view.messageItem(event.from, event.text, event.ts, pattern, event.verified === true);
      const named = mentions(event.text, pattern);
      li.classList.toggle('mentioned', named);
      view.place(li);
      if (live && !mine) attention.incoming(li, { from: event.from, text: event.text, mention: named });
      break;
    }
    case 'join':
      members.joined(event.name, event.online);
      view.showLine('system', [nameElement('name', event.name), ...(event.verified ? [verifiedBadge()] : []),
        ` joined · ${event.online} online`], event.ts);
      break;
    case 'leave':
      members.left(event.name, event.online);
      view.showLine('system', [nameElement('name', event.name), ` left · ${event.online} online`], event.ts);
      reclaimName(event.name);
      break;
    case 'rename':
      if (event.from === state.me) {
        answered();
        setMe(event.to);
        state.wanted = event.to;
        rememberName(event.to);
      }
      members.renamed(event.from, event.to);
      view.showLine('system', [nameElement('name', event.from), ' is now ', nameElement('name', event.to)], event.ts);
      break;
    case 'notice':
      view.showLine('notice', event.text, event.ts, 'Notice');
      break;
  }
}

// A message whose ack was lost with the connection may still have reached the room: when the
// missed events hold it, the room's copy replaces the one marked as lost.
function forgetLost(event) {
  const author = event.from.toLowerCase();
  if (author !== state.me?.toLowerCase() && author !== state.wanted?.toLowerCase()) return;
  for (const li of ui.messages.querySelectorAll(':scope > [data-lost="true"]')) {
    if (li.dataset.text === event.text && li.dataset.action === String(Boolean(event.action))) {
      li.remove();
      return;
    }
  }
}

// After a quick reconnect our old connection may still hold our name (we got "alice-2"); once
// it is gone, take the name back.
function reclaimName(left) {
  if (state.online && state.wanted && left.toLowerCase() === state.wanted.toLowerCase() && state.me !== state.wanted) {
    transmit(`/nick ${state.wanted}`);
  }
}

function answered() {
  return sent.shift() ?? true;
}

function ack(frame) {
  const entry = sent.shift();
  processed(frame.id);
  // Placed by the ack: after every event the room sequenced before it, like on every other page.
  if (entry?.li) view.confirm(entry.li, frame.ts);
}

function refused(frame) {
  const entry = sent.shift();
  if (entry?.li) {
    view.fail(entry.li, frame.message);
  } else {
    view.showLine('error', frame.message, null, 'Error');
  }
}

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

export function dropped(event) {
  const wasOnline = state.online;
  setOnline(false);
  for (const entry of sent.splice(0)) {
    if (entry.li) {
      view.fail(entry.li, 'maybe not sent: the connection dropped');
      entry.li.dataset.lost = 'true';
    }
  }
  if (wasOnline) {
    const why = event.code === 1001 ? 'The server is restarting.' : 'Connection lost.';
    view.showLine('system', `${why} Reconnecting…`);
  }
}
