// Unread counts for the rooms visited in this session. A room's `messages` total (GET /api/rooms/{room})
// is read once when the page enters it, with the `last` id it stands at; from then on the page counts
// the messages (and acks of its own) with a higher id that it shows. What the room reports later,
// minus that, is what arrived while the page was elsewhere. Joins and leaves are not messages, so our
// own leave on switching away is no unread line.
import * as api from './api.js';

const rooms = new Map(); // room → { epoch, base: { messages, last } | null, early: [ids] | null, counted }

/** The page entered `room` at `epoch`; `fresh` when its lines were redrawn (a new epoch, a first visit). */
export async function entered(room, epoch, fresh) {
  const known = rooms.get(room);
  if (known && known.epoch === epoch && !fresh) return; // resumed: the count goes on
  const tally = { epoch, base: null, early: [], counted: 0 };
  rooms.set(room, tally);
  const summary = await api.room(room);
  if (rooms.get(room) !== tally) return;
  if (typeof summary?.messages !== 'number' || typeof summary.last !== 'number' || summary.epoch !== epoch) {
    rooms.delete(room); // no count we could trust: no unread badge rather than a wrong one
    return;
  }
  tally.base = { messages: summary.messages, last: summary.last };
  tally.counted = tally.early.filter((id) => id > summary.last).length;
  tally.early = null;
}

/** A message with this id is on the page in `room` (live, resumed, or our own acked). */
export function saw(room, id) {
  const tally = rooms.get(room);
  if (!tally || typeof id !== 'number') return;
  if (tally.early) {
    tally.early.push(id);
  } else if (id > tally.base.last) {
    tally.counted += 1;
  }
}

/** Rooms whose unread count the page can tell. */
export const tracked = () => [...rooms.keys()].filter((room) => rooms.get(room).base !== null);

/** Messages `room` holds that the page has not shown, given what the room reports now. */
export function count(room, now) {
  const tally = rooms.get(room);
  if (!tally?.base || typeof now?.messages !== 'number') return 0;
  // The room was forgotten and opened again since: all of it is new.
  if (typeof now.epoch === 'string' && now.epoch !== tally.epoch) return now.messages;
  return Math.max(0, now.messages - tally.base.messages - tally.counted);
}
