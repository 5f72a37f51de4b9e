// Who is online: what the page knows of the room's members, and a list that stays fast with
// thousands of names. Only the rows in view (plus a margin) are in the DOM; the rest of the
// list's height is padding, so scrolling feels like one long list.
import { ui, span, avatar, nameElement } from './dom.js';
import { state } from './state.js';

const ROW_PX = 42; // .member's fixed height in styles.css
const OVERSCAN = 12; // rows kept beyond each edge, so a quick scroll shows no blank
const FALLBACK_ROWS = 40; // rendered while the panel has no height yet
const FILTER_FROM = 30; // members before the search box is worth its space

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });
const names = new Set();
let count = 0;
let sorted = [];
let shown = [];
let query = '';
let dirty = true;
let frame = 0;

/** The welcome's (or /who's) list is exact: it replaces what the page knew. */
export function set(list, online) {
  names.clear();
  for (const name of list) names.add(name);
  setCount(online);
  changed();
}

export function joined(name, online) {
  names.add(name);
  setCount(online);
  changed();
}

export function left(name, online) {
  names.delete(name);
  setCount(online);
  changed();
}

// Removed and added rather than replaced in place: while replaying missed events the new name
// may already be known, and must not appear twice.
export function renamed(from, to) {
  names.delete(from);
  names.add(to);
  changed();
}

/** A presence frame (large rooms): the count moves, the list keeps what it knows. */
export function setCount(online) {
  if (typeof online === 'number') count = online;
  renderCount();
}

export const all = () => [...names];

/** Everyone online, as far as the page knows (the welcome's exact count, then joins, leaves, presence). */
export const total = () => Math.max(count, names.size);

let countChanged = () => {};
/** listener() after every change of the count, e.g. for the room list's entry of this room. */
export function onCount(listener) {
  countChanged = listener;
}

/** Your own name changed: it sorts first and is tagged. */
export function meChanged() {
  changed();
}

function changed() {
  dirty = true;
  renderCount();
  schedule();
}

function renderCount() {
  const total = Math.max(count, names.size);
  countChanged();
  ui.onlineCount.textContent = String(total);
  ui.onlineShort.textContent = String(total);
  const more = total - names.size;
  ui.membersMore.hidden = more <= 0;
  ui.membersMore.textContent = more > 0 ? `and ${more.toLocaleString()} more` : '';
}

function render() {
  frame = 0;
  const started = performance.now();
  const wanted = ui.memberFilter.value.trim().toLocaleLowerCase();
  if (!dirty && wanted === query) {
    renderWindow(); // only scrolled
    return;
  }
  if (dirty) {
    const me = state.me;
    sorted = [...names].sort((a, b) => (a === me ? -1 : b === me ? 1 : collator.compare(a, b)));
    dirty = false;
    ui.memberFilterBox.hidden = sorted.length < FILTER_FROM && wanted === '';
  }
  query = wanted;
  shown = query === '' ? sorted : sorted.filter((name) => name.toLocaleLowerCase().includes(query));
  renderWindow();
  // Read by the browser tests to report how long a big list takes; costs nothing otherwise.
  performance.measure('chatroom:members', { start: started, detail: { names: shown.length } });
}

function renderWindow() {
  const panel = ui.membersPanel;
  const list = ui.memberList;
  const listTop = list.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
  const height = panel.clientHeight > 0 ? panel.clientHeight : FALLBACK_ROWS * ROW_PX;
  // Clamped: after the list shrank the panel may still be scrolled past its new end, until the
  // browser clamps scrollTop and the scroll event renders again.
  const from = Math.min(shown.length, Math.max(0, Math.floor((panel.scrollTop - listTop) / ROW_PX) - OVERSCAN));
  const to = Math.max(from, Math.min(shown.length, Math.ceil((panel.scrollTop - listTop + height) / ROW_PX) + OVERSCAN));
  const me = state.me;
  const items = [];
  for (let i = from; i < to; i++) {
    const name = shown[i];
    const li = document.createElement('li');
    li.className = name === me ? 'member is-me' : 'member';
    // Screen readers still hear "12 of 5,000" although most rows are not in the DOM.
    li.setAttribute('aria-setsize', String(shown.length));
    li.setAttribute('aria-posinset', String(i + 1));
    li.append(avatar(name), nameElement('member-name', name));
    if (name === me) li.append(span('you-tag', 'you'));
    items.push(li);
  }
  // CSSOM, not a style attribute: the CSP allows the one and forbids the other.
  list.style.paddingTop = `${from * ROW_PX}px`;
  list.style.paddingBottom = `${(shown.length - to) * ROW_PX}px`;
  list.replaceChildren(...items);
}

function schedule() {
  if (frame === 0) frame = requestAnimationFrame(render);
}

export function init() {
  ui.membersPanel.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  ui.memberFilter.addEventListener('input', () => {
    ui.membersPanel.scrollTop = 0;
    schedule();
  });
  renderCount();
}
