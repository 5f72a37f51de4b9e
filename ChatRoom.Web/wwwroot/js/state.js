// What the parts of the page share about this session. The comments name the modules that write
// a field; everything else only reads it.
export const state = {
  online: false, // room.js: welcomed and not dropped since
  everOnline: false, // room.js
  me: null, // room.js: the name the room gave us
  verified: false, // room.js: we are signed in, and our name is our token's
  wanted: null, // main.js, room.js: the name we ask for when (re)joining
  maxBytes: 4096, // room.js: from the welcome
  moderator: false, // room.js: the welcome says whether we may moderate the room
  // room.js: where to resume from after a drop (docs/protocol.md, "Resume after reconnect"): the epoch
  // of the welcome, and the highest event id processed in it.
  epoch: null,
  last: null,
  // rooms.js: the room the page is in or joining; null until the first welcome names the server's
  // default room, for a link without ?room=.
  room: null,
  switched: false, // rooms.js sets it on a switch of room, room.js clears it at that room's welcome
  leftAs: null, // rooms.js: our name in a room we come back to; our own leave there is no news to us
};
