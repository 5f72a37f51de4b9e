// The wire contract as the page needs it (docs/protocol.md): the socket URL, frames, names and what the
// room will make of a typed line.
import { token } from './signin.js';

export const SUBPROTOCOL = 'chatroom.v1.json';

// The server's rule (MemberName.cs): 1-32 characters after trimming, each a letter (which may carry
// up to 4 combining marks), a decimal digit, space, _ - or .; nothing invisible (Hangul fillers are
// letters, hence the first test).
const NAME_PATTERN = /^(?:\p{L}[\p{Mn}\p{Mc}]{0,4}|[\p{Nd} _.-])+$/u;
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
export const normalizeName = (raw) => (raw ?? '').trim();
// Composed (NFC) first, as the server does; the server also refuses names that mix Latin, Greek and
// Cyrillic or repeat a mark, and says why.
export function isValidName(name) {
  const composed = name.normalize('NFC');
  const length = Array.from(composed).length;
  return length >= 1 && length <= 32 && !INVISIBLE.test(composed) && NAME_PATTERN.test(composed);
}

// The server's room rule (RoomName.cs): a nickname without spaces, after trimming and NFC; the same
// room in any case, shown in lower case. The server also refuses mixed scripts and compatibility
// forms (fullwidth letters), and says why.
export const normalizeRoom = (raw) => (raw ?? '').trim().normalize('NFC').toLowerCase();
export const isValidRoom = (room) => !/\s/u.test(room) && isValidName(room);
export const ROOM_RULE = '1–32 letters, digits, - _ or .';

// What the composer offers while a command is being typed; the server's /help stays the truth.
// `rooms`: only where the server has rooms (its welcome names one).
export const COMMANDS = [
  { usage: '/me ACTION', insert: '/me ', about: 'say what you are doing' },
  { usage: '/nick NAME', insert: '/nick ', about: 'change your nickname' },
  { usage: '/who', insert: '/who', about: 'list who is online' },
  { usage: '/join ROOM', insert: '/join ', about: 'switch to a room (opens it if new)', rooms: true },
  { usage: '/rooms', insert: '/rooms', about: 'list the open rooms', rooms: true },
  { usage: '/help', insert: '/help', about: 'the room’s own command list' },
  { usage: '//text', insert: '//', about: 'a message that starts with /' },
];

// Offered to moderators only (the welcome says "moderator":true); the room refuses them to anyone else.
export const MODERATOR_COMMANDS = [
  { usage: '/kick NAME', insert: '/kick ', about: 'close a member’s connection' },
  { usage: '/mute NAME MINUTES', insert: '/mute ', about: 'silence a member (10 minutes unless said)' },
  { usage: '/ban NAME MINUTES', insert: '/ban ', about: 'kick, and keep out (10 minutes unless said)' },
  { usage: '/unban NAME', insert: '/unban ', about: 'let a banned member back in' },
  { usage: '/delete ID', insert: '/delete ', about: 'remove a message for everyone' },
];

const utf8 = new TextEncoder();

// The room's input rules (ChatRoom.Protocol, MessageText and ChatInput), checked against the same
// cases (ChatRoom.Protocol/cases/input-cases.json), so the byte count and our own echo match what
// the room shows.
// .NET's white space: JavaScript's \s without U+FEFF (U+0085 is a control character, gone by then).
const trim = (text) => text.replace(/^[^\S\ufeff]+|[^\S\ufeff]+$/g, '');
export const clean = (raw) => trim(raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ''));
export const byteLength = (text) => utf8.encode(text).length;

// A command word ends at a space, line feed or tab only, and only ASCII letters fold.
const asciiLower = (word) => word.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

// What the room will make of a cleaned frame.
export function parseInput(text) {
  if (!text.startsWith('/')) return { say: true, text, action: false };
  if (text.startsWith('//')) return { say: true, text: text.slice(1), action: false };
  const end = text.search(/[ \n\t]/);
  const command = asciiLower(end < 0 ? text : text.slice(0, end));
  const argument = end < 0 ? '' : trim(text.slice(end));
  if (command === '/me' && argument.length > 0) return { say: true, text: argument, action: true };
  return { say: false, command, argument };
}

// name first: the tests' pattern for a refused socket in the console expects it there.
export function socketUrl({ name, room, resume }) {
  const url = new URL('/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (name) url.searchParams.set('name', name);
  // A chat with an access key is opened with ?key=KEY on the page's own link.
  const key = new URLSearchParams(location.search).get('key');
  if (key) url.searchParams.set('key', key);
  // Without a room the server picks its default one, and the welcome names it.
  if (room) url.searchParams.set('room', room);
  // Browsers cannot set headers on a WebSocket: the token goes in the query (the server masks it in logs).
  if (token) url.searchParams.set('access_token', token);
  if (resume) {
    url.searchParams.set('since', String(resume.since));
    url.searchParams.set('epoch', resume.epoch);
  }
  return url;
}

export function parseFrame(data) {
  try {
    const frame = JSON.parse(data);
    return frame !== null && typeof frame === 'object' ? frame : null;
  } catch {
    return null; // not ours to show: the contract sends JSON objects only
  }
}
