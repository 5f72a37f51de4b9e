// The room list: the open rooms with their counts, one GET /api/rooms every REFRESH_MS while the
// page is visible (and whenever the room changes or the page comes back), never one request per
// room's members; unread counts for the rooms visited this session; a box to open a room by name.
import { ui, span, nameElement, announce } from './dom.js';
import { state } from './state.js';
import { normalizeRoom, isValidRoom, ROOM_RULE } from './protocol.js';
import * as api from './api.js';
import * as rooms from './rooms.js';
import * as unread from './unread.js';
import * as members from './members.js';

const REFRESH_MS = 15000;
// Visited rooms asked about one by one per refresh, while the list does not carry their totals.
const LOOKUPS = 5;

let listed = []; // [{ name, online, … }] as the server last said, most members first
let total = 0;
const unreadCounts = new Map();
let generation = 0;

export async function refresh() {
  if (!ui.app.classList.contains('has-rooms')) return; // a server with one room has no list
  const mine = ++generation;
  const body = await api.rooms();
  if (mine !== generation || body === null) return;
  listed = body.rooms.filter((room) => typeof room?.name === 'string');
  total = typeof body.total === 'number' ? body.total : listed.length;
  const now = new Map(listed.map((room) => [room.name, room]));
  const others = unread.tracked().filter((room) => room !== state.room);
  // Only rooms still listed: one forgotten since (or past the first hundred) shows no badge anyway.
  const lookups = others.filter((room) => now.has(room) && typeof now.get(room).messages !== 'number').slice(-LOOKUPS);
  const looked = new Map(await Promise.all(lookups.map(async (room) => [room, await api.room(room)])));
  if (mine !== generation) return;
  unreadCounts.clear();
  for (const room of others) {
    const count = unread.count(room, looked.get(room) ?? now.get(room));
    if (count > 0) unreadCounts.set(room, count);
  }
  render();
}

export function render() {
  // The room the page is in counts live (joins, leaves, presence); the others as of the last refresh.
  const here = state.online ? members.total() : null;
  const entries = listed.map((room) => ({ name: room.name, online: room.name === state.room && here !== null ? here : room.online }));
  if (state.room !== null && !entries.some((room) => room.name === state.room)) {
    entries.unshift({ name: state.room, online: here }); // just opened: the next refresh places it
  }
  // A refresh must not take the focus from a keyboard walking the list.
  const focused = ui.roomList.contains(document.activeElement) ? document.activeElement.dataset.room : null;
  ui.roomList.replaceChildren(...entries.map(item));
  if (focused) ui.roomList.querySelector(`a[data-room="${CSS.escape(focused)}"]`)?.focus();
  ui.roomsMore.hidden = total <= listed.length;
  ui.roomsMore.textContent = `and ${(total - listed.length).toLocaleString()} more`;
  const elsewhere = [...unreadCounts.values()].reduce((sum, n) => sum + n, 0);
  ui.roomsToggle.dataset.unread = String(elsewhere);
}

// A link, so a room can be opened in a new tab or copied; a plain click switches in place.
function item({ name, online }) {
  const link = document.createElement('a');
  link.className = 'room';
  link.href = rooms.linkTo(name);
  link.dataset.room = name;
  if (name === state.room) link.setAttribute('aria-current', 'page');
  const hash = span('room-hash', '#');
  hash.setAttribute('aria-hidden', 'true');
  link.append(hash, nameElement('room-name', name));
  if (typeof online === 'number') {
    const count = span('room-online', '');
    count.append(span('visually-hidden', ', '), online.toLocaleString(), span('visually-hidden', ' online'));
    link.append(count);
  }
  const unseen = unreadCounts.get(name);
  if (unseen) {
    const badge = span('room-unread', '');
    badge.append(span('visually-hidden', ', '), String(unseen), span('visually-hidden', ' unread'));
    link.append(badge);
  }
  const li = document.createElement('li');
  li.append(link);
  return li;
}

function setOpen(open) {
  ui.app.classList.toggle('rooms-open', open);
  ui.roomsToggle.setAttribute('aria-expanded', String(open));
  if (open) void refresh();
}

function choose(room) {
  ui.roomError.textContent = '';
  if (ui.app.classList.contains('rooms-open')) {
    setOpen(false);
    ui.roomsToggle.focus();
  }
  rooms.go(room);
}

/** Switches to the room typed (the box, or /join): what is wrong with the name, or null. */
export function open(raw) {
  const room = normalizeRoom(raw);
  if (!isValidRoom(room)) return room === '' ? 'Type a room name.' : `“${room}” cannot be a room name: use ${ROOM_RULE}`;
  choose(room);
  return null;
}

/** The server would not have `room`: the page is back where it was, and says why. */
export function refused(room, reason) {
  ui.roomError.textContent = reason;
  announce(reason);
  setOpen(true);
  ui.roomInput.focus();
}

export function init() {
  let frame = 0; // a join storm moves the count many times a frame: one render per frame
  members.onCount(() => {
    if (frame === 0) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        render();
      });
    }
  });
  ui.roomList.addEventListener('click', (event) => {
    const link = event.target.closest('a.room');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    choose(link.dataset.room);
  });
  ui.roomOpen.addEventListener('submit', (event) => {
    event.preventDefault();
    const wrong = open(ui.roomInput.value);
    if (wrong) {
      ui.roomError.textContent = wrong;
      ui.roomInput.focus();
      return;
    }
    ui.roomInput.value = '';
  });
  ui.roomsToggle.addEventListener('click', () => {
    const open = !ui.app.classList.contains('rooms-open');
    setOpen(open);
    // Into the panel, at the room you are in: the next Tab or Shift+Tab walks the list.
    if (open) (ui.roomList.querySelector('[aria-current="page"]') ?? ui.roomInput).focus();
  });
  ui.roomsClose.addEventListener('click', () => {
    setOpen(false);
    ui.roomsToggle.focus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && ui.app.classList.contains('rooms-open')) setOpen(false);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, REFRESH_MS);
}
