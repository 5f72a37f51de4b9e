// A message's text as DOM nodes: http(s) URLs become links and mentions of you are marked. Built
// from text nodes and elements only, so nothing in a message is ever parsed as HTML, and any
// other scheme (javascript:, data:, look-alikes) stays plain text.

// \b keeps "xhttps://" from matching; the scheme is checked again by URL below.
const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const TRAILING = /[.,;:!?'"*_~]$/u;

// Sentence punctuation after a URL is not part of it; a closing bracket is only when the URL
// holds its opening one (https://en.wikipedia.org/wiki/Foo_(bar)).
function trimUrl(candidate) {
  let url = candidate;
  for (;;) {
    if (TRAILING.test(url)) {
      url = url.slice(0, -1);
    } else if (url.endsWith(')') && count(url, '(') < count(url, ')')) {
      url = url.slice(0, -1);
    } else if (url.endsWith(']') && count(url, '[') < count(url, ']')) {
      url = url.slice(0, -1);
    } else {
      return url;
    }
  }
}

const count = (text, ch) => text.split(ch).length - 1;

function safeHref(text) {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : null;
  } catch {
    return null;
  }
}

function link(text, href) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  return a;
}

// Only the regular expression's own syntax characters: in /u mode escaping anything else is an error.
const escapeRegex = (text) => text.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&');

// A whole word: not inside a longer word, and "alice" is not mentioned by "alice-2" or "malice".
const WORD = '[\\p{L}\\p{N}_]';

/** The pattern that finds a name as a whole word, case-insensitively; null without a name. */
export function mentionPattern(name) {
  if (!name) return null;
  return new RegExp(`(?<!${WORD}|${WORD}-)${escapeRegex(name)}(?!${WORD}|-${WORD})`, 'giu');
}

export function mentions(text, pattern) {
  if (!pattern) return false;
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function appendMarked(parent, text, pattern) {
  if (!pattern) {
    parent.append(text);
    return;
  }
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) parent.append(text.slice(at, match.index));
    const mark = document.createElement('mark');
    mark.className = 'mention';
    mark.textContent = match[0];
    parent.append(mark);
    at = match.index + match[0].length;
  }
  if (at < text.length) parent.append(text.slice(at));
}

/** Appends text to parent: links for http(s) URLs, marks for the pattern (your name). */
export function appendRichText(parent, text, pattern) {
  let at = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (href === null) continue;
    if (match.index > at) appendMarked(parent, text.slice(at, match.index), pattern);
    parent.append(link(url, href));
    at = match.index + url.length;
  }
  if (at < text.length) appendMarked(parent, text.slice(at), pattern);
}
