// ChatRoom's page: one WebSocket in the JSON format (subprotocol chatroom.v1.json, see DESIGN.md).
// Every piece of text that came from a person is put in the DOM with textContent, never as HTML.
'use strict';

(() => {
  const SUBPROTOCOL = 'chatroom.v1.json';
  const STORAGE_KEY = 'chatroom.name';
  // The server's rule (MemberName.cs): 1-32 letters, decimal digits, space, _ - . after trimming and
  // composing (NFC); the server also refuses names that mix Latin, Greek and Cyrillic letters.
  const NAME_PATTERN = /^[\p{L}\p{Nd} _.-]{1,32}$/u;
  const GROUP_WINDOW_MS = 5 * 60 * 1000;
  const BACKOFF_BASE_MS = 1000;
  const BACKOFF_CAP_MS = 30000;
  const NEAR_BOTTOM_PX = 48;
  const HUES = 8;
  // A tab left open for days must not grow without bound: the oldest lines and ids are dropped,
  // keeping far more ids than a reconnect's history (HistorySize, 100 by default) can replay.
  const MAX_LINES = 2000;
  const MAX_SEEN = 10000;

  const $ = (id) => document.getElementById(id);
  const ui = {
    app: $('app'),
    status: $('status'),
    statusText: $('status-text'),
    retryNow: $('retry-now'),
    announcer: $('announcer'),
    me: $('change-name'),
    meName: $('me-name'),
    meAvatar: $('me-avatar'),
    changeName: $('change-name'),
    membersToggle: $('members-toggle'),
    membersClose: $('members-close'),
    onlineShort: $('online-short'),
    onlineCount: $('online-count'),
    memberList: $('member-list'),
    membersMore: $('members-more'),
    scroller: $('scroller'),
    empty: $('empty'),
    messages: $('messages'),
    jump: $('jump'),
    composer: $('composer'),
    input: $('input'),
    send: $('send'),
    counter: $('counter'),
    dialog: $('name-dialog'),
    nameForm: $('name-form'),
    nameInput: $('name-input'),
    nameError: $('name-error'),
    nameCancel: $('name-cancel'),
  };

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  const dayTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
  const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
  const utf8 = new TextEncoder();

  const state = {
    socket: null,
    online: false,
    everOnline: false,
    me: null, // the name the room gave us
    wanted: null, // the name we ask for when (re)joining
    maxBytes: 4096,
    count: 0,
    members: [],
    // Room events already shown, by id and timestamp: a reconnect's history skips them, and a
    // restarted server (whose ids start again at 1) is not mistaken for one we already saw.
    seen: new Set(),
    // One entry per frame sent, answered in order by exactly one ack, error, reply or rename.
    sent: [],
    attempt: 0,
    retryTimer: 0,
    countdownTimer: 0,
    retryAt: 0,
    unread: 0,
  };

  // --- names -----------------------------------------------------------------------------

  const normalizeName = (raw) => (raw ?? '').trim();
  const isValidName = (name) => NAME_PATTERN.test(name.normalize('NFC'));

  function storedName() {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // storage can be disabled; the page then asks every time
    }
  }

  function rememberName(name) {
    try {
      localStorage.setItem(STORAGE_KEY, name);
    } catch {
      // Not fatal: the name is only not remembered.
    }
  }

  function hueOf(name) {
    let hash = 0;
    for (const ch of name.toLowerCase()) {
      hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    }
    return hash % HUES;
  }

  function avatar(name, extraClass) {
    const el = document.createElement('span');
    el.className = `avatar hue-${hueOf(name)}${extraClass ? ' ' + extraClass : ''}`;
    el.setAttribute('aria-hidden', 'true');
    el.textContent = (Array.from(name)[0] ?? '?').toLocaleUpperCase();
    return el;
  }

  // --- what a person typed -------------------------------------------------------------------

  // Mirrors MessageText.Clean, so the byte count and our own echo match what the room shows.
  const clean = (raw) => raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').trim();
  const byteLength = (text) => utf8.encode(text).length;

  // Mirrors ChatInput.Parse: what the room will make of a cleaned frame.
  function parseInput(text) {
    if (!text.startsWith('/')) return { say: true, text, action: false };
    if (text.startsWith('//')) return { say: true, text: text.slice(1), action: false };
    const match = /^(\S+)([\s\S]*)$/.exec(text);
    const command = match[1].toLowerCase();
    const argument = match[2].trim();
    if (command === '/me' && argument.length > 0 && /^[ \n\t]/.test(match[2])) {
      return { say: true, text: argument, action: true };
    }
    return { say: false, command };
  }

  // --- the message list ----------------------------------------------------------------------

  function isNearBottom() {
    const s = ui.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
    state.unread = 0;
    ui.jump.hidden = true;
  }

  // Confirmed lines go after every confirmed line and before our own messages still awaiting their
  // ack: the room's order is the order in which its events reach us.
  function place(li, { mine = false } = {}) {
    const stick = mine || isNearBottom();
    const firstPending = mine ? null : ui.messages.querySelector(':scope > .pending');
    ui.messages.insertBefore(li, firstPending);
    regroup(li);
    while (ui.messages.childElementCount > MAX_LINES) ui.messages.firstElementChild.remove();
    ui.empty.hidden = true;
    if (stick) {
      scrollToBottom();
    } else if (li.classList.contains('msg') || li.classList.contains('action')) {
      state.unread += 1;
      ui.jump.textContent = state.unread === 1 ? 'New message ↓' : `${state.unread} new messages ↓`;
      ui.jump.hidden = false;
    }
  }

  // Consecutive messages from one author within a few minutes share one header.
  function regroup(li) {
    for (const el of [li, li.nextElementSibling]) {
      if (!el || !el.classList.contains('msg')) continue;
      const prev = el.previousElementSibling;
      const joined = prev !== null
        && prev.classList.contains('msg')
        && !prev.classList.contains('failed')
        && prev.dataset.from === el.dataset.from
        && Math.abs(Number(el.dataset.time) - Number(prev.dataset.time)) < GROUP_WINDOW_MS;
      el.classList.toggle('cont', joined);
    }
  }

  function timeElement(ts) {
    const el = document.createElement('time');
    const date = new Date(ts);
    el.dateTime = date.toISOString();
    // History can reach back days: a bare time would then be ambiguous.
    el.textContent = date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dayTimeFormat.format(date);
    el.title = fullFormat.format(date);
    return el;
  }

  function span(className, text) {
    const el = document.createElement('span');
    el.className = className;
    el.textContent = text;
    return el;
  }

  function messageItem(from, text, ts) {
    const li = document.createElement('li');
    li.className = 'msg';
    li.dataset.from = from.toLowerCase();
    li.dataset.time = String(ts ? Date.parse(ts) : Date.now());
    if (from === state.me) li.classList.add('mine');
    li.append(avatar(from));
    const body = document.createElement('div');
    body.className = 'body';
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.append(span('author', from));
    meta.append(ts ? timeElement(ts) : span('sending', 'sending…'));
    const content = document.createElement('div');
    content.className = 'text';
    content.textContent = text;
    body.append(meta, content);
    li.append(body);
    return li;
  }

  function actionItem(from, text, ts) {
    const li = document.createElement('li');
    li.className = 'action';
    if (from === state.me) li.classList.add('mine');
    const line = document.createElement('p');
    line.append(span('star', '*'), ' ', span('author', from), ' ', span('text', text));
    li.append(line, ts ? timeElement(ts) : span('sending', 'sending…'));
    return li;
  }

  function lineItem(kind, text, ts, label) {
    const li = document.createElement('li');
    li.className = kind;
    const line = document.createElement('p');
    if (label) line.append(span('label', label), ' ');
    line.append(span('text', text));
    li.append(line);
    if (ts) li.append(timeElement(ts));
    return li;
  }

  const showLine = (kind, text, ts, label) => place(lineItem(kind, text, ts, label));

  // --- members -------------------------------------------------------------------------------

  function setMembers(names, count) {
    state.members = [...names];
    state.count = count;
    renderMembers();
  }

  function renderMembers() {
    const me = state.me;
    const sorted = [...state.members].sort((a, b) => {
      if (a === me) return -1;
      if (b === me) return 1;
      return a.localeCompare(b, undefined, { sensitivity: 'base' });
    });
    const items = sorted.map((name) => {
      const li = document.createElement('li');
      li.className = name === me ? 'member is-me' : 'member';
      li.append(avatar(name), span('member-name', name));
      if (name === me) li.append(span('you-tag', 'you'));
      return li;
    });
    ui.memberList.replaceChildren(...items);
    const count = Math.max(state.count, state.members.length);
    ui.onlineCount.textContent = String(count);
    ui.onlineShort.textContent = String(count);
    const more = count - state.members.length;
    ui.membersMore.hidden = more <= 0;
    ui.membersMore.textContent = more > 0 ? `and ${more} more` : '';
  }

  function memberJoined(name, count) {
    if (!state.members.includes(name)) state.members.push(name);
    state.count = count;
    renderMembers();
  }

  function memberLeft(name, count) {
    state.members = state.members.filter((n) => n !== name);
    state.count = count;
    renderMembers();
  }

  function memberRenamed(from, to) {
    state.members = state.members.map((n) => (n === from ? to : n));
    renderMembers();
  }

  function setMe(name) {
    state.me = name;
    ui.meName.textContent = name;
    ui.meAvatar.className = `avatar avatar-small hue-${hueOf(name)}`;
    ui.meAvatar.textContent = (Array.from(name)[0] ?? '?').toLocaleUpperCase();
    ui.me.hidden = false;
  }

  // --- connection state ----------------------------------------------------------------------

  function setStatus(kind, text, announce) {
    ui.status.dataset.state = kind;
    ui.statusText.textContent = text;
    ui.retryNow.hidden = kind !== 'reconnecting';
    if (announce) ui.announcer.textContent = announce;
  }

  function setOnline(online) {
    state.online = online;
    ui.app.classList.toggle('offline', !online);
    ui.input.disabled = !online && !state.everOnline;
    updateComposer();
  }

  function connect() {
    clearTimeout(state.retryTimer);
    clearInterval(state.countdownTimer);
    setStatus('connecting', state.everOnline ? 'Reconnecting…' : 'Connecting…');
    const url = new URL('/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (state.wanted) url.searchParams.set('name', state.wanted);
    // A room with an access key is opened with ?key=KEY on the page's own link.
    const key = new URLSearchParams(location.search).get('key');
    if (key) url.searchParams.set('key', key);

    let socket;
    try {
      socket = new WebSocket(url, SUBPROTOCOL);
    } catch {
      scheduleReconnect();
      return;
    }
    state.socket = socket;
    socket.addEventListener('message', (event) => {
      if (state.socket === socket) receive(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (state.socket === socket) closed(event);
    });
  }

  function closed(event) {
    const wasOnline = state.online;
    state.socket = null;
    setOnline(false);
    for (const entry of state.sent.splice(0)) {
      if (entry.li) {
        fail(entry.li, 'maybe not sent: the connection dropped');
        entry.li.dataset.lost = 'true';
      }
    }
    if (wasOnline) {
      const why = event.code === 1001 ? 'The server is restarting.' : 'Connection lost.';
      showLine('system', `${why} Reconnecting…`);
    }
    scheduleReconnect();
  }

  // Exponential backoff with jitter (half fixed, half random), so a restarted server is not met
  // by every page at the same instant.
  function scheduleReconnect() {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** state.attempt);
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    state.attempt += 1;
    state.retryAt = Date.now() + delay;
    clearTimeout(state.retryTimer);
    clearInterval(state.countdownTimer);
    state.retryTimer = setTimeout(connect, delay);
    const tick = () => {
      const seconds = Math.max(1, Math.ceil((state.retryAt - Date.now()) / 1000));
      setStatus('reconnecting', `Reconnecting in ${seconds}s`);
    };
    tick();
    ui.announcer.textContent = 'Connection lost. Reconnecting.';
    state.countdownTimer = setInterval(tick, 250);
  }

  function retryNow() {
    if (state.socket === null) connect();
  }

  // --- frames from the room ----------------------------------------------------------------

  function receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not ours to show: the contract sends JSON objects only
    }
    switch (frame.type) {
      case 'welcome': return welcome(frame);
      case 'message':
      case 'join':
      case 'leave':
      case 'rename':
      case 'notice': return roomEvent(frame);
      case 'ack': return ack(frame);
      case 'members': return answered() && showLine('info', `${frame.members.length} online: ${frame.members.join(', ')}`);
      case 'help': return answered() && showLine('info', frame.text);
      case 'error': return refused(frame);
      default: return undefined; // a newer server's event: ignore rather than break
    }
  }

  function welcome(frame) {
    const again = state.everOnline;
    state.attempt = 0;
    state.maxBytes = frame.maxMessageBytes;
    setMe(frame.you);
    setMembers(frame.members, frame.online);
    ui.messages.setAttribute('aria-busy', 'true');
    for (const past of frame.history) roomEvent(past);
    ui.messages.setAttribute('aria-busy', 'false');
    state.everOnline = true;
    setOnline(true);
    setStatus('online', 'Online', again ? 'Reconnected.' : `Joined as ${frame.you}.`);
    if (again) showLine('system', 'Reconnected.');
    if (document.activeElement === document.body || document.activeElement === ui.input || !again) {
      ui.input.focus();
    }
  }

  function markSeen(key) {
    state.seen.add(key);
    if (state.seen.size > MAX_SEEN) state.seen.delete(state.seen.values().next().value);
  }

  function roomEvent(event) {
    const key = `${event.id}|${event.ts}`;
    if (state.seen.has(key)) return;
    markSeen(key);
    switch (event.type) {
      case 'message':
        forgetLost(event);
        place(event.action ? actionItem(event.from, event.text, event.ts) : messageItem(event.from, event.text, event.ts));
        break;
      case 'join':
        memberJoined(event.name, event.online);
        showLine('system', `${event.name} joined · ${event.online} online`, event.ts);
        break;
      case 'leave':
        memberLeft(event.name, event.online);
        showLine('system', `${event.name} left · ${event.online} online`, event.ts);
        reclaimName(event.name);
        break;
      case 'rename':
        if (event.from === state.me) {
          answered();
          setMe(event.to);
          state.wanted = event.to;
          rememberName(event.to);
        }
        memberRenamed(event.from, event.to);
        showLine('system', `${event.from} is now ${event.to}`, event.ts);
        break;
      case 'notice':
        showLine('notice', event.text, event.ts, 'Notice');
        break;
    }
  }

  // A message whose ack was lost with the connection may still have reached the room: when the
  // history after reconnecting holds it, the room's copy replaces the one marked as lost.
  function forgetLost(event) {
    const author = event.from.toLowerCase();
    if (author !== state.me?.toLowerCase() && author !== state.wanted?.toLowerCase()) return;
    for (const li of ui.messages.querySelectorAll(':scope > [data-lost="true"]')) {
      if (li.dataset.text === event.text && li.dataset.action === String(Boolean(event.action))) {
        li.remove();
        return;
      }
    }
  }

  // After a quick reconnect our old connection may still hold our name (we got "alice-2"); once
  // it is gone, take the name back.
  function reclaimName(left) {
    if (state.online && state.wanted && left.toLowerCase() === state.wanted.toLowerCase() && state.me !== state.wanted) {
      transmit(`/nick ${state.wanted}`);
    }
  }

  function answered() {
    return state.sent.shift() ?? true;
  }

  function ack(frame) {
    const entry = state.sent.shift();
    markSeen(`${frame.id}|${frame.ts}`);
    if (!entry?.li) return;
    const li = entry.li;
    li.classList.remove('pending');
    li.dataset.time = String(Date.parse(frame.ts));
    li.querySelector('.sending')?.replaceWith(timeElement(frame.ts));
    // Placed by the ack: after every event the room sequenced before it, like on every other page.
    li.remove();
    place(li, { mine: false });
  }

  function refused(frame) {
    const entry = state.sent.shift();
    if (entry?.li) {
      fail(entry.li, frame.message);
    } else {
      showLine('error', frame.message, null, 'Error');
    }
  }

  function fail(li, reason) {
    li.classList.remove('pending');
    li.classList.add('failed');
    li.querySelector('.sending')?.remove();
    const note = span('failure', reason);
    note.setAttribute('role', 'alert');
    li.append(note);
    regroup(li);
  }

  // --- sending -------------------------------------------------------------------------------

  function transmit(text) {
    state.socket.send(text);
    const parsed = parseInput(text);
    const entry = { li: null };
    if (parsed.say) {
      entry.li = parsed.action ? actionItem(state.me, parsed.text, null) : messageItem(state.me, parsed.text, null);
      entry.li.classList.add('pending', 'mine');
      entry.li.dataset.text = parsed.text;
      entry.li.dataset.action = String(parsed.action);
    }
    state.sent.push(entry);
    if (entry.li) place(entry.li, { mine: true });
  }

  function submit() {
    const text = clean(ui.input.value);
    if (!state.online || text.length === 0 || byteLength(text) > state.maxBytes) return;
    transmit(text);
    ui.input.value = '';
    updateComposer();
    scrollToBottom();
  }

  function updateComposer() {
    const text = clean(ui.input.value);
    const used = byteLength(text);
    const max = state.maxBytes;
    const level = used > max ? 'over' : used > max * 0.9 ? 'near' : 'ok';
    ui.counter.dataset.level = level;
    ui.counter.textContent = level === 'over'
      ? `${used - max} bytes over the ${max}-byte limit`
      : `${used} / ${max} bytes`;
    ui.input.setAttribute('aria-invalid', String(level === 'over'));
    ui.send.disabled = !state.online || text.length === 0 || level === 'over';
  }

  // --- the nickname dialog -------------------------------------------------------------------

  function askName({ initial = '', error = '', cancellable = false } = {}) {
    ui.nameInput.value = initial;
    ui.nameError.textContent = error;
    ui.nameCancel.hidden = !cancellable;
    ui.dialog.dataset.cancellable = String(cancellable);
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.nameInput.select();
  }

  function nameChosen(event) {
    event.preventDefault();
    const name = normalizeName(ui.nameInput.value);
    if (!isValidName(name)) {
      ui.nameError.textContent = name.length === 0
        ? 'Please enter a nickname.'
        : 'Use 1–32 letters, digits, spaces, _ - or . only.';
      ui.nameInput.focus();
      return;
    }
    ui.dialog.close();
    if (state.online) {
      if (name !== state.me) transmit(`/nick ${name}`);
      ui.input.focus();
      return;
    }
    state.wanted = name;
    rememberName(name);
    if (state.socket === null) connect();
  }

  // --- wiring --------------------------------------------------------------------------------

  ui.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  ui.input.addEventListener('input', updateComposer);
  ui.scroller.addEventListener('scroll', () => {
    if (isNearBottom()) {
      state.unread = 0;
      ui.jump.hidden = true;
    }
  }, { passive: true });
  ui.jump.addEventListener('click', () => {
    scrollToBottom();
    ui.input.focus();
  });
  ui.retryNow.addEventListener('click', retryNow);
  window.addEventListener('online', retryNow);
  ui.changeName.addEventListener('click', () => askName({ initial: state.wanted ?? state.me ?? '', cancellable: true }));
  ui.nameForm.addEventListener('submit', nameChosen);
  ui.nameCancel.addEventListener('click', () => ui.dialog.close());
  ui.dialog.addEventListener('cancel', (event) => {
    if (ui.dialog.dataset.cancellable !== 'true') event.preventDefault();
  });
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
  // Leave at once instead of waiting for the server to notice a dead socket.
  window.addEventListener('pagehide', () => state.socket?.close(1000, 'page closed'));

  // --- start ---------------------------------------------------------------------------------

  renderMembers();
  updateComposer();
  const linked = new URLSearchParams(location.search).get('name');
  if (linked !== null) {
    const name = normalizeName(linked);
    if (isValidName(name)) {
      state.wanted = name; // a shared link joins at once, without replacing the remembered name
      connect();
    } else {
      askName({ initial: name, error: `“${name}” cannot be a nickname: use 1–32 letters, digits, spaces, _ - or .` });
    }
  } else {
    const remembered = normalizeName(storedName());
    if (isValidName(remembered)) {
      state.wanted = remembered;
      connect();
    } else {
      setStatus('idle', 'Not connected');
      askName();
    }
  }
})();
