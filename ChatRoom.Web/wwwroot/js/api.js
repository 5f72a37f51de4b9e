// The HTTP API the page reads besides its socket (docs/protocol.md, "HTTP"): the room list and one
// room's summary. Each answers null when the server could not (offline, unavailable, older server).

async function getJson(path) {
  try {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    return response.ok ? await response.json() : null;
  } catch {
    return null; // offline or not JSON: the caller keeps what it had
  }
}

/** GET /api/rooms: { rooms: [{ name, online }], total }, at most 100, most members first. */
export async function rooms() {
  const body = await getJson('/api/rooms');
  return Array.isArray(body?.rooms) ? body : null;
}

/** GET /api/rooms/{room}: { online, messages, epoch, last, … }. */
export const room = (name) => getJson(`/api/rooms/${encodeURIComponent(name)}`);

/** Why the server will not have this room (its own words for a 4xx), or null when it has it or cannot say. */
export async function refusal(name) {
  try {
    const response = await fetch(`/api/rooms/${encodeURIComponent(name)}`, { cache: 'no-store' });
    if (response.ok || response.status >= 500) return null;
    const text = (await response.text()).trim();
    // A JSON problem body (ASP.NET's 404) says nothing a person needs.
    return text !== '' && !text.startsWith('{') ? text : `there is no room “${name}” here`;
  } catch {
    return null;
  }
}
