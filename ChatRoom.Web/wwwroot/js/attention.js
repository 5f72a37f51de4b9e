// Getting the person's attention while the tab is hidden: an unread count in the title and on
// the favicon, a "new since you left" divider on return, and desktop notifications for mentions,
// only once the person turned them on from the page (never a permission prompt on load).
import { ui, announce } from './dom.js';
import { regroup } from './view.js';

const PREFERENCE_KEY = 'chatroom.notify';
let baseTitle = document.title;
const icon = document.querySelector('link[rel="icon"]');
const BASE_ICON = icon.href;
// The logo of favicon.svg with a badge; only a number is ever put in it.
const LOGO = '<path d="M6 5h20a4 4 0 0 1 4 4v11a4 4 0 0 1-4 4H14l-6.5 5.2A1 1 0 0 1 6 28.4V24a4 4 0 0 1-4-4V9a4 4 0 0 1 4-4Z" fill="#5b5bd6"/>';

let unread = 0;
let firstUnread = null;
let divider = null;

export const isAway = () => document.visibilityState === 'hidden';

function badgeIcon(n) {
  const label = n > 99 ? '99+' : String(n);
  const size = label.length > 2 ? 9 : 12;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${LOGO}`
    + '<circle cx="23" cy="10" r="9" fill="#d92d3a" stroke="#fff" stroke-width="1.5"/>'
    + `<text x="23" y="${10 + size * 0.36}" font-family="system-ui,sans-serif" font-size="${size}" font-weight="700" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function showUnread() {
  document.title = unread > 0 ? `(${unread}) ${baseTitle}` : baseTitle;
  icon.href = unread > 0 ? badgeIcon(unread) : BASE_ICON;
}

/** A line from someone else reached the page; `mention` when it names you. */
export function incoming(li, { from, text, mention }) {
  if (!isAway()) return;
  unread += 1;
  firstUnread ??= li;
  showUnread();
  if (mention) notify(from, text);
}

/** The title names the room: "games · ChatRoom". */
export function setTitle(title) {
  baseTitle = title;
  showUnread();
}

/** The lines were all dropped (a new epoch): nothing of them is unread any more. */
export function reset() {
  unread = 0;
  firstUnread = null;
  divider = null;
  showUnread();
}

function returned() {
  if (unread === 0) return;
  divider?.remove();
  if (firstUnread?.isConnected) {
    divider = document.createElement('li');
    divider.className = 'unread-divider';
    const label = document.createElement('span');
    label.textContent = 'New since you left';
    divider.append(label);
    firstUnread.before(divider);
    regroup(firstUnread); // the line after the divider shows its author again
  }
  unread = 0;
  firstUnread = null;
  showUnread();
}

// --- notifications -----------------------------------------------------------------------------

const supported = 'Notification' in window;

function stored() {
  try {
    return localStorage.getItem(PREFERENCE_KEY) === 'on';
  } catch {
    return false;
  }
}

function store(on) {
  try {
    localStorage.setItem(PREFERENCE_KEY, on ? 'on' : 'off');
  } catch {
    // Not fatal: the choice lasts for this visit only.
  }
}

let enabled = false;

function setEnabled(on) {
  enabled = on;
  ui.notify.setAttribute('aria-pressed', String(on));
  ui.notify.title = on ? 'Mention notifications are on' : 'Notify me when someone mentions me';
}

async function toggle() {
  if (enabled) {
    setEnabled(false);
    store(false);
    announce('Mention notifications off.');
    return;
  }
  // Asked here, from the person's click: browsers rightly ignore or punish prompts on load.
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') {
    announce('Notifications are blocked for this site in the browser settings.');
    ui.notify.title = 'Notifications are blocked in the browser settings';
    return;
  }
  setEnabled(true);
  store(true);
  announce('Mention notifications on.');
}

// Text only: the title and body are plain strings, no icon or image from anyone.
function notify(from, text) {
  if (!enabled || !supported || Notification.permission !== 'granted') return;
  const body = text.length > 180 ? `${text.slice(0, 180)}…` : text;
  const note = new Notification(`${from} mentioned you`, { body, tag: 'chatroom-mention' });
  note.addEventListener('click', () => {
    window.focus();
    note.close();
  });
}

export function init() {
  document.addEventListener('visibilitychange', () => {
    if (!isAway()) returned();
  });
  if (!supported) return;
  ui.notify.hidden = false;
  setEnabled(stored() && Notification.permission === 'granted');
  ui.notify.addEventListener('click', toggle);
}
