// The nickname: remembered on this device, asked for in a dialog, changeable from the top bar.
import { ui } from './dom.js';
import { normalizeName, isValidName } from './protocol.js';

const STORAGE_KEY = 'chatroom.name';

export function storedName() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; the page then asks every time
  }
}

export function rememberName(name) {
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // Not fatal: the name is only not remembered.
  }
}

export function askName({ initial = '', error = '', cancellable = false } = {}) {
  ui.nameInput.value = initial;
  ui.nameError.textContent = error;
  ui.nameCancel.hidden = !cancellable;
  ui.dialog.dataset.cancellable = String(cancellable);
  if (!ui.dialog.open) ui.dialog.showModal();
  ui.nameInput.select();
}

/** chosen(name) gets a valid name; the dialog keeps asking until there is one. */
export function init(chosen) {
  ui.nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = normalizeName(ui.nameInput.value);
    if (!isValidName(name)) {
      ui.nameError.textContent = name.length === 0
        ? 'Please enter a nickname.'
        : 'Use 1–32 letters, digits, spaces, _ - or . only (letters may carry accents and vowel marks; nothing invisible).';
      ui.nameInput.focus();
      return;
    }
    ui.dialog.close();
    chosen(name);
  });
  ui.nameCancel.addEventListener('click', () => ui.dialog.close());
  ui.dialog.addEventListener('cancel', (event) => {
    if (ui.dialog.dataset.cancellable !== 'true') event.preventDefault();
  });
}
