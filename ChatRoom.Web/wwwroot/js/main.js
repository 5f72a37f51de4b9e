// ChatRoom's page: one WebSocket in the JSON format (subprotocol chatroom.v1.json, see
// docs/protocol.md). This module only wires the parts together and starts.
import * as signin from './signin.js'; // first: it takes a token out of the address bar
import { ui } from './dom.js';
import { state } from './state.js';
import { normalizeName, isValidName, socketUrl, parseInput } from './protocol.js';
import * as connection from './connection.js';
import * as room from './room.js';
import * as outbox from './outbox.js';
import * as view from './view.js';
import * as members from './members.js';
import * as composer from './composer.js';
import * as attention from './attention.js';
import * as names from './names.js';
import * as rooms from './rooms.js';
import * as roomlist from './roomlist.js';

connection.configure({
  url: () => socketUrl({ name: state.wanted, room: state.room, resume: room.resumePoint() }),
  onFrame: room.receive,
  onDrop: room.dropped,
});
rooms.configure({
  leaving: room.leaving,
  changed: () => {
    roomlist.render();
    void roomlist.refresh();
  },
  refused: roomlist.refused,
});
members.init();
roomlist.init();
attention.init();
// /join ROOM is the page's own command where the server has rooms: a switch, not a frame.
composer.init((text) => {
  const typed = parseInput(text);
  if (!typed.say && typed.command === '/join' && ui.app.classList.contains('has-rooms')) {
    const wrong = roomlist.open(typed.argument);
    if (wrong) view.showLine('error', wrong, null, 'Error');
    return;
  }
  outbox.transmit(text);
});
names.init((name) => {
  if (state.online) {
    if (name !== state.me) outbox.transmit(`/nick ${name}`);
    ui.input.focus();
    return;
  }
  state.wanted = name;
  names.rememberName(name);
  if (!connection.isOpen()) connection.connect();
});

ui.scroller.addEventListener('scroll', view.readerAtBottom, { passive: true });
ui.jump.addEventListener('click', () => {
  view.scrollToBottom();
  ui.input.focus();
});
ui.retryNow.addEventListener('click', connection.retryNow);
window.addEventListener('online', connection.retryNow);
ui.me.addEventListener('click', () => names.askName({ initial: state.wanted ?? state.me ?? '', cancellable: true }));

const setMembersOpen = (open) => {
  ui.app.classList.toggle('members-open', open);
  ui.membersToggle.setAttribute('aria-expanded', String(open));
};
ui.membersToggle.addEventListener('click', () => setMembersOpen(!ui.app.classList.contains('members-open')));
ui.membersClose.addEventListener('click', () => {
  setMembersOpen(false);
  ui.membersToggle.focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && ui.app.classList.contains('members-open')) setMembersOpen(false);
});
window.addEventListener('pagehide', connection.close);

rooms.start();

// A shared link (?name=) joins at once without replacing the remembered name; otherwise the
// remembered name, otherwise the dialog.
const linked = new URLSearchParams(location.search).get('name');
if (signin.token) {
  connection.connect(); // the token names the member: no name to ask for
} else if (linked !== null) {
  const name = normalizeName(linked);
  if (isValidName(name)) {
    state.wanted = name;
    connection.connect();
  } else {
    names.askName({ initial: name, error: `“${name}” cannot be a nickname: use 1–32 letters, digits, spaces, _ - or .` });
  }
} else {
  const remembered = normalizeName(names.storedName());
  if (isValidName(remembered)) {
    state.wanted = remembered;
    connection.connect();
  } else {
    connection.setStatus('idle', 'Not connected');
    names.askName();
  }
}
