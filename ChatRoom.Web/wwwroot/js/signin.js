// Sign-in: a page opened as /?access_token=TOKEN joins with that token (the server names the
// member from it). The token leaves the address bar before anything else runs, so it is not
// bookmarked, shared or sent as a Referer; it stays in this tab only (sessionStorage), for
// reconnects and reloads. main.js imports this module first, so this runs first.
const KEY = 'chatroom.access_token';
const params = new URLSearchParams(location.search);
const given = params.get('access_token');

function stored() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage off: the token lives as long as the page
  }
}

if (given !== null) {
  params.delete('access_token');
  const rest = params.toString();
  history.replaceState(history.state, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  try {
    if (given) sessionStorage.setItem(KEY, given);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage off: see stored()
  }
}

/** The token this tab signs in with, or null for an anonymous member. */
export const token = given || stored() || null;
