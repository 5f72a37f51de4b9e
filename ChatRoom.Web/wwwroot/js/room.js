// What the room's frames mean for the page: the welcome (fresh, resumed or a new epoch), room
// events, answers to what we sent, and where to resume from after a drop.
import { ui, hueOf, initial, nameElement, verifiedBadge } from './dom.js';
import { state } from './state.js';
import { parseFrame } from './protocol.js';
import { mentionPattern, mentions } from './richtext.js';
import { rememberName } from './names.js';
import * as connection from './connection.js';
import * as view from './view.js';
import * as members from './members.js';
import * as attention from './attention.js';
import * as composer from './composer.js';
import * as outbox from './outbox.js';
import * as rooms from './rooms.js';
import * as unread from './unread.js';

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

// "rooms: general (12), games (3) and 4 more", as the plain-text format words it.
function roomsLine({ rooms: listed, total }) {
  const more = typeof total === 'number' && total > listed.length ? ` and ${total - listed.length} more` : '';
  return `rooms: ${listed.map((room) => `${room.name} (${room.online})`).join(', ')}${more}`;
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
    case 'notice':
    case 'moderation':
    case 'delete': return roomEvent(frame, { live: true });
    case 'ack': return ack(frame);
    case 'presence': return members.setCount(frame.online);
    case 'members': return outbox.answered() && view.showLine('info', [`${frame.members.length} online: `, ...listOfNames(frame.members)]);
    case 'help': return outbox.answered() && view.showLine('info', frame.text);
    case 'rooms': return outbox.answered() && view.showLine('info', roomsLine(frame));
    case 'error': return outbox.refused(frame.message);
    default: return undefined; // a newer server's event: ignore rather than break
  }
}

// resumed:true appends exactly what we missed; anything else (a fresh join, resumed:false after
// a restart or a long absence, or a server that does not resume) starts the page over from this
// welcome, so no line from another epoch or a replayed history is ever shown twice.
// A switch of room is no reconnect: back in a room we kept, it resumes like one, but quietly.
function welcome(frame) {
  const switched = state.switched;
  const first = !state.everOnline;
  const again = !first && !switched;
  const resumed = state.epoch !== null && frame.resumed === true && frame.epoch === state.epoch;
  connection.welcomed();
  if (!resumed) {
    view.clear();
    attention.reset();
  }
  state.maxBytes = frame.maxMessageBytes;
  state.moderator = frame.moderator === true;
  state.epoch = typeof frame.epoch === 'string' ? frame.epoch : null;
  setMe(frame.you);
  view.busy(true);
  for (const past of frame.history) roomEvent(past, { live: resumed });
  view.busy(false);
  state.last = typeof frame.last === 'number' ? frame.last : state.last;
  state.switched = false;
  state.leftAs = null;
  rooms.welcomed(frame, !resumed);
  setMe(frame.you); // the welcome is the truth, whatever renames the replay went through
  state.verified = frame.verified === true;
  members.set(frame.members, frame.online); // exact as of `last`, at any room size
  if (resumed) outbox.notReturned();
  state.everOnline = true;
  setOnline(true);
  connection.setStatus('online', 'Online', again ? 'Reconnected.' : `Joined as ${frame.you}.`);
  // Without an epoch the server does not resume at all: then a redraw is no news worth telling.
  if (again) view.showLine('system', resumed || state.epoch === null ? 'Reconnected.' : 'Reconnected. The room started afresh.');
  // After a switch the focus stays where the person left it (the room list, for a keyboard).
  if (first || (again && (document.activeElement === document.body || document.activeElement === ui.input))) {
    ui.input.focus();
  }
}

/** live: a new event (counted as unread while away), not a history from before we came. */
function roomEvent(event, { live }) {
  processed(event.id);
  switch (event.type) {
    case 'message': {
      outbox.forgetLost(event);
      unread.saw(state.room, event.id);
      const mine = event.from === state.me;
      const pattern = mine ? null : mention;
      const li = event.action
        ? view.actionItem(event.from, event.text, event.ts, pattern, event.verified === true)
        : view.messageItem(event.from, event.text, event.ts, pattern, event.verified === true);
      const named = mentions(event.text, pattern);
      li.classList.toggle('mentioned', named);
      li.dataset.id = String(event.id);
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
      if (event.name === state.leftAs) {
        state.leftAs = null; // we left this room to look at another: the room carried on, we did not go
        break;
      }
      view.showLine('system', [nameElement('name', event.name), ` left · ${event.online} online`], event.ts);
      reclaimName(event.name);
      break;
    case 'rename':
      if (event.from === state.me) {
        outbox.answered();
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
    case 'moderation':
      if (event.by === state.me) outbox.answered();
      view.showLine('system', [nameElement('name', event.target), ` was ${DONE[event.action] ?? event.action} by `, nameElement('name', event.by), duration(event)], event.ts);
      break;
    case 'delete':
      if (event.by === state.me) outbox.answered();
      view.remove(ui.messages.querySelector(`:scope > [data-id="${Number(event.target)}"]`));
      break;
  }
}

const DONE = { kick: 'kicked', mute: 'muted', ban: 'banned', unban: 'unbanned' };

// " for 5 minutes" after a mute or a ban, as the plain format says it.
const duration = (event) => (typeof event.minutes === 'number' ? ` for ${event.minutes === 1 ? '1 minute' : `${event.minutes} minutes`}` : '');

// After a quick reconnect our old connection may still hold our name (we got "alice-2"); once
// it is gone, take the name back.
function reclaimName(left) {
  if (state.online && state.wanted && left.toLowerCase() === state.wanted.toLowerCase() && state.me !== state.wanted) {
    outbox.transmit(`/nick ${state.wanted}`);
  }
}

function ack(frame) {
  processed(frame.id);
  unread.saw(state.room, frame.id);
  outbox.acked(frame.ts, frame.id);
}

/** Our socket in this room is let go on purpose: what it had not confirmed may or may not be in the room. */
export function leaving() {
  setOnline(false);
  outbox.giveUp('maybe not sent: you left the room before it confirmed');
}

export function dropped(event) {
  const wasOnline = state.online;
  setOnline(false);
  outbox.giveUp('maybe not sent: the connection dropped');
  if (state.switched && rooms.unproven()) {
    void rooms.checkRefused(); // it tries again itself unless the server will not have the room
    return false;
  }
  // 4001: a moderator removed us. Reconnecting would only meet the ban (403), or undo the kick.
  if (event.code === 4001) {
    const why = event.reason === 'banned' ? 'You were banned from this room by a moderator.' : 'You were kicked from this room by a moderator.';
    view.showLine('error', `${why} Reload the page to join again.`, null, 'Removed');
    connection.setStatus('idle', 'Not connected', why);
    return false;
  }
  if (wasOnline) {
    const why = event.code === 1001 ? 'The server is restarting.' : 'Connection lost.';
    view.showLine('system', `${why} Reconnecting…`);
  }
  return true;
}
