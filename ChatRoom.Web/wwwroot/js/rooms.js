// Which room the page is in: the URL follows it (?room=games, so back, forward and a shared link
// work), each room visited keeps its lines and resume point while the page shows another, and
// coming back resumes it (since/epoch of that room) so no line is shown twice.
import { ui } from './dom.js';
import { state } from './state.js';
import { normalizeRoom, isValidRoom, ROOM_RULE } from './protocol.js';
import * as api from './api.js';
import * as connection from './connection.js';
import * as view from './view.js';
import * as attention from './attention.js';
import * as unread from './unread.js';

const kept = new Map(); // room → { epoch, last, me, lines } for the rooms not in view
let defaultRoom = null; // the room the server gives a link without ?room=, once a welcome named it
let previous = null; // where a refused new room sends the page back to
let hooks = { leaving: () => {}, changed: () => {}, refused: () => {} };

/** leaving() before the socket of a room is let go; changed() when the room or its welcome changed; refused(room, reason). */
export function configure(next) {
  hooks = next;
}

/** The room a URL asks for: null for none (the server's default), or { room, valid }. */
export function fromUrl(href = location.href) {
  const raw = new URL(href).searchParams.get('room');
  if (raw === null || raw.trim() === '') return null;
  const room = normalizeRoom(raw);
  return { room, valid: isValidRoom(room) };
}

/** The page's own link to a room: the access key stays, a nickname does not travel with a shared link. */
export function linkTo(room) {
  const url = new URL(location.href);
  url.searchParams.delete('name');
  if (room === null) {
    url.searchParams.delete('room');
  } else {
    url.searchParams.set('room', room);
  }
  return `${url.pathname}${url.search}`;
}

/** Shows `room`: push adds a history entry (a click), popstate and start-up do not. */
export function go(room, { push = true } = {}) {
  const target = room ?? defaultRoom;
  if (target !== null && target === state.room) return;
  leave();
  if (push) history.pushState(null, '', linkTo(target));
  enter(target);
}

/** Where the page starts: the link's room, or the server's default when it names none or an invalid one. */
export function start() {
  const asked = fromUrl();
  if (asked !== null && !asked.valid) {
    hooks.refused(asked.room, `“${asked.room}” cannot be a room name: use ${ROOM_RULE}`);
    history.replaceState(null, '', linkTo(null));
  }
  state.room = asked?.valid ? asked.room : null;
  state.switched = true;
  show();
  window.addEventListener('popstate', () => {
    const back = fromUrl();
    go(back?.valid ? back.room : null, { push: false });
  });
}

function leave() {
  hooks.leaving();
  // Only a room that welcomed us has lines and a point to resume from.
  if (state.room !== null && state.epoch !== null) {
    kept.set(state.room, { epoch: state.epoch, last: state.last, me: state.me, lines: view.detach() });
  }
  previous = state.room;
}

function enter(room) {
  const back = room === null ? undefined : kept.get(room);
  if (room !== null) kept.delete(room);
  state.room = room;
  state.epoch = back?.epoch ?? null;
  state.last = back?.last ?? null;
  state.leftAs = back?.me ?? null;
  state.switched = true;
  view.restore(back?.lines ?? []);
  attention.reset();
  show();
  connection.reopen(room === null ? 'Joining…' : `Joining ${room}…`);
}

/** The welcome named the room (a server with rooms does): the page, its title and its URL follow. */
export function welcomed(frame, fresh) {
  if (typeof frame.room !== 'string') return;
  if (state.room === null) defaultRoom = frame.room;
  state.room = frame.room;
  const asked = fromUrl();
  if (asked !== null && asked.room !== frame.room) history.replaceState(null, '', linkTo(frame.room));
  ui.app.classList.add('has-rooms');
  show();
  void unread.entered(frame.room, frame.epoch, fresh);
}

/** A room asked for by name that has not welcomed the page yet. */
export const unproven = () => state.room !== null && state.epoch === null;

/**
 * The socket closed before this room ever welcomed the page: if the server will not have the room,
 * say why and go back where the page was; otherwise try again with the usual backoff.
 */
export async function checkRefused() {
  const room = state.room;
  const reason = await api.refusal(room);
  if (state.room !== room || !state.switched) return; // the person went elsewhere meanwhile
  if (reason === null) {
    connection.retryLater();
    return;
  }
  hooks.refused(room, `Could not open “${room}”: ${reason}`);
  const back = previous !== room ? previous : null;
  state.room = null; // nothing of it to keep
  history.replaceState(null, '', linkTo(back));
  go(back, { push: false });
}

function show() {
  const name = state.room ?? '';
  ui.roomName.textContent = name;
  ui.roomTitle.textContent = name;
  attention.setTitle(name === '' ? 'ChatRoom' : `${name} · ChatRoom`);
  hooks.changed();
}
