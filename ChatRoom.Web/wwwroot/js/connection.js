// The one WebSocket: opening it, telling the person its state, and reopening it after a drop
// with backoff. What the frames mean is room.js's business.
import { ui, announce } from './dom.js';
import { state } from './state.js';
import { SUBPROTOCOL, socketUrl } from './protocol.js';

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30000;

let socket = null;
let attempt = 0;
let retryTimer = 0;
let countdownTimer = 0;
let retryAt = 0;
let hooks = { url: () => socketUrl({}), onFrame: () => {}, onDrop: () => {} };

export function setStatus(kind, text, spoken) {
  ui.status.dataset.state = kind;
  ui.statusText.textContent = text;
  ui.retryNow.hidden = kind !== 'reconnecting';
  if (spoken) announce(spoken);
}

/** url() builds the address of each attempt; onFrame gets every text frame; onDrop(closeEvent) after a drop. */
export function configure(next) {
  hooks = next;
}

export const isOpen = () => socket !== null;

export function connect() {
  clearTimeout(retryTimer);
  clearInterval(countdownTimer);
  setStatus('connecting', state.everOnline ? 'Reconnecting…' : 'Connecting…');
  let current;
  try {
    current = new WebSocket(hooks.url(), SUBPROTOCOL);
  } catch {
    scheduleReconnect();
    return;
  }
  socket = current;
  // A socket replaced by a newer one must not speak for the page any more.
  current.addEventListener('message', (event) => {
    if (socket === current) hooks.onFrame(event.data);
  });
  current.addEventListener('close', (event) => {
    if (socket !== current) return;
    socket = null;
    // false: the page decides itself when to try again (retryLater).
    if (hooks.onDrop(event) !== false) scheduleReconnect();
  });
}

/** Leaves the current socket on purpose (not a drop: no reconnect) and opens the next one at once. */
export function reopen(status) {
  const old = socket;
  socket = null;
  old?.close(1000, 'switching room');
  attempt = 0;
  connect();
  if (socket !== null) setStatus('connecting', status);
}

export function send(text) {
  socket.send(text);
}

/** The room welcomed us: the next drop starts the backoff from the beginning again. */
export function welcomed() {
  attempt = 0;
}

// Exponential backoff with jitter (half fixed, half random), so a restarted server is not met
// by every page at the same instant.
export function retryLater() {
  if (socket === null) scheduleReconnect();
}

function scheduleReconnect() {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  attempt += 1;
  retryAt = Date.now() + delay;
  clearTimeout(retryTimer);
  clearInterval(countdownTimer);
  retryTimer = setTimeout(connect, delay);
  const tick = () => {
    const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
    setStatus('reconnecting', `Reconnecting in ${seconds}s`);
  };
  tick();
  announce('Connection lost. Reconnecting.');
  countdownTimer = setInterval(tick, 250);
}

export function retryNow() {
  if (socket === null) connect();
}

// Leave at once instead of waiting for the server to notice a dead socket.
export function close() {
  socket?.close(1000, 'page closed');
}
