// The message box: Enter sends, the byte counter, Up-arrow recall, Tab completion of member
// names and the command list while a command is typed.
import { ui, span } from './dom.js';
import { state } from './state.js';
import { clean, byteLength, COMMANDS, MODERATOR_COMMANDS } from './protocol.js';
import * as members from './members.js';
import { scrollToBottom } from './view.js';

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

let transmit = () => {};
let lastSent = null;
let completion = null; // the Tab cycle in progress: what it replaced and what it offers
let commandsDismissed = false;

export function update() {
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

function submit() {
  const text = clean(ui.input.value);
  if (!state.online || text.length === 0 || byteLength(text) > state.maxBytes) return;
  transmit(text);
  lastSent = text;
  ui.input.value = '';
  inputChanged();
  scrollToBottom();
}

function setValue(value) {
  ui.input.value = value;
  ui.input.setSelectionRange(value.length, value.length);
  inputChanged();
}

// --- Tab completion ----------------------------------------------------------------------------

// The word before the caret, completed to a member's name: "name: " at the start of the line
// (addressing someone), "name " elsewhere. Tab again offers the next match.
function complete() {
  const input = ui.input;
  if (input.selectionStart !== input.selectionEnd) return false;
  const caret = input.selectionStart;
  if (completion && completion.value === input.value && completion.caret === caret) {
    completion.index = (completion.index + 1) % completion.matches.length;
  } else {
    const before = input.value.slice(0, caret);
    const word = /(@?)([^\s@]+)$/u.exec(before);
    if (!word) return false;
    const prefix = word[2].toLocaleLowerCase();
    const matches = members.all()
      .filter((name) => name !== state.me && name.toLocaleLowerCase().startsWith(prefix))
      .sort(collator.compare);
    if (matches.length === 0) return false;
    completion = { start: word.index + word[1].length, end: caret, matches, index: 0, value: '', caret: 0 };
  }
  const name = completion.matches[completion.index];
  const suffix = completion.start === 0 ? ': ' : ' ';
  const value = input.value.slice(0, completion.start) + name + suffix + input.value.slice(completion.caret || completion.end);
  const caretAfter = completion.start + name.length + suffix.length;
  input.value = value;
  input.setSelectionRange(caretAfter, caretAfter);
  completion.value = value;
  completion.caret = caretAfter;
  update();
  return true;
}

// --- the command list ----------------------------------------------------------------------------

function renderCommands() {
  const value = ui.input.value;
  const typing = value.startsWith('/') && !/\s/.test(value);
  const rooms = ui.app.classList.contains('has-rooms');
  const offered = COMMANDS.filter((c) => rooms || !c.rooms).concat(state.moderator ? MODERATOR_COMMANDS : []);
  const matches = typing && !commandsDismissed ? offered.filter((c) => c.insert.startsWith(value.toLowerCase()) || c.usage.startsWith(value.toLowerCase())) : [];
  ui.commands.hidden = matches.length === 0;
  ui.commandList.replaceChildren(...matches.map((command) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'command';
    const usage = document.createElement('code');
    usage.textContent = command.usage;
    button.append(usage, span('command-about', command.about));
    button.addEventListener('click', () => {
      setValue(command.insert);
      ui.input.focus();
    });
    li.append(button);
    return li;
  }));
}

function inputChanged() {
  if (!ui.input.value.startsWith('/')) commandsDismissed = false;
  update();
  renderCommands();
}

function keydown(event) {
  const plain = !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey;
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  } else if (event.key === 'ArrowUp' && plain && ui.input.value === '' && lastSent !== null) {
    event.preventDefault();
    setValue(lastSent);
  } else if (event.key === 'Tab' && plain && complete()) {
    // Only when a name was completed: otherwise Tab moves the focus on, as everywhere.
    event.preventDefault();
  } else if (event.key === 'Escape' && !ui.commands.hidden) {
    event.preventDefault();
    commandsDismissed = true;
    renderCommands();
  }
}

/** send(text) hands a cleaned line to the room. */
export function init(send) {
  transmit = send;
  ui.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  ui.input.addEventListener('keydown', keydown);
  ui.input.addEventListener('input', inputChanged);
  update();
}
