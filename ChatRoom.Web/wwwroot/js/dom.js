// The page's elements and the few builders every part shares. Text that came from a person only
// ever enters the DOM through textContent or text nodes, never as HTML.

const $ = (id) => document.getElementById(id);

export const ui = {
  app: $('app'),
  status: $('status'),
  statusText: $('status-text'),
  retryNow: $('retry-now'),
  announcer: $('announcer'),
  notify: $('notify'),
  me: $('change-name'),
  meName: $('me-name'),
  meAvatar: $('me-avatar'),
  membersToggle: $('members-toggle'),
  membersClose: $('members-close'),
  onlineShort: $('online-short'),
  onlineCount: $('online-count'),
  membersPanel: $('members'),
  memberFilter: $('member-filter'),
  memberFilterBox: $('member-filter-box'),
  memberList: $('member-list'),
  membersMore: $('members-more'),
  scroller: $('scroller'),
  empty: $('empty'),
  messages: $('messages'),
  jump: $('jump'),
  composer: $('composer'),
  commands: $('commands'),
  commandList: $('command-list'),
  input: $('input'),
  send: $('send'),
  counter: $('counter'),
  roomTitle: $('room-title'),
  roomsToggle: $('rooms-toggle'),
  roomName: $('room-name'),
  roomsPanel: $('rooms'),
  roomsClose: $('rooms-close'),
  roomList: $('room-list'),
  roomsMore: $('rooms-more'),
  roomOpen: $('room-open'),
  roomInput: $('room-input'),
  roomError: $('room-error'),
  dialog: $('name-dialog'),
  nameForm: $('name-form'),
  nameInput: $('name-input'),
  nameError: $('name-error'),
  nameCancel: $('name-cancel'),
};

export function span(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

// A member's name in <bdi>: its own direction, isolated, so a right-to-left name (or one ending in
// digits) cannot reorder the words and names around it.
export function nameElement(className, name) {
  const el = document.createElement('bdi');
  el.className = className;
  el.textContent = name;
  return el;
}

// A signed-in member's name is its token's: a check mark says so, to screen readers in words.
export function verifiedBadge() {
  const el = span('verified', '✓');
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', 'verified: signed in');
  el.title = 'Signed in: this name is verified';
  return el;
}

// Text someone wrote takes its direction from its own first letter, and styles.css isolates it
// (.text): a U+202E in it reverses that text only, never the name beside it or the lines after.
export function ownDirection(el) {
  el.dir = 'auto';
  return el;
}

const HUES = 8;

export function hueOf(name) {
  let hash = 0;
  for (const ch of name.toLowerCase()) {
    hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  }
  return hash % HUES;
}

export const initial = (name) => (Array.from(name)[0] ?? '?').toLocaleUpperCase();

export function avatar(name, extraClass) {
  const el = document.createElement('span');
  el.className = `avatar hue-${hueOf(name)}${extraClass ? ' ' + extraClass : ''}`;
  el.setAttribute('aria-hidden', 'true');
  el.textContent = initial(name);
  return el;
}

// Screen readers hear what changed without the focus moving.
export function announce(text) {
  ui.announcer.textContent = text;
}
