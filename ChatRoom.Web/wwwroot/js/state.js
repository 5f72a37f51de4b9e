// What the parts of the page share about this session. Each field has one writer (named in its
// comment); everything else only reads.
export const state = {
  online: false, // connection.js
  everOnline: false, // room.js
  me: null, // room.js: the name the room gave us
  wanted: null, // room.js, names.js: the name we ask for when (re)joining
  maxBytes: 4096, // room.js: from the welcome
  // room.js: where to resume from after a drop (DESIGN.md "Resume after reconnect"): the epoch
  // of the welcome, and the highest event id processed in it.
  epoch: null,
  last: null,
};
