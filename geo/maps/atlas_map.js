// The atlas's map: one ES module that draws a snapshot (a year, a scenario, a worldview) on
// Leaflet and steps between snapshots in the browser. It knows nothing of the page around it:
// the Streamlit component (atlas_ui/map_component.py) and the offline export (geo/exports/export.py)
// both call mount(element, data, hooks), and hear of what the reader does through hooks.
//
// - mount() builds one map per element and, when called again for the same element, hands it
//   only the new data: the Leaflet map is built once and keeps the reader's zoom.
// - The constant configuration (geometry URLs, names, style, labels, legend, and the payload
//   of every snapshot: styles and card lines computed in Python by geo.maps.mapview) is one static
//   JSON file fetched once per names mode (or given inline by the export).
// - data.step names the snapshot to show. A step taken in the map (its step bar, keys) restyles
//   at once and is reported through hooks.step(id, n) with a counter n; data.ack is the last
//   counter the page has seen, so data from an older rerun (ack < n) never moves the map back.
// - A click on an area is reported through hooks.pick(group).
// - Maps mounted with the same data.sync name (the compare view's pair) keep the same view.
// All data text is inserted with textContent, never as HTML.

const maps = new WeakMap();  // element -> atlas
const syncGroups = new Map();  // data.sync name -> Set of atlases
const documents = new Map();  // URL -> Promise of its JSON (configuration, geometry), shared
const ATLAS_SCRIPT_ERROR = "The map stopped because of an error in its script.";
const KEY_STEPS = {ArrowLeft: "previous", ArrowRight: "next", Home: "first", End: "last"};

function atlasText(tag, text, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

// Leaflet treats attributions and layer-control names as HTML: hand it our text escaped.
function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}


// Whether two boxes ({left, right, top, bottom}, as getBoundingClientRect gives) overlap.
function boxesOverlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

// Whether a path style draws nothing (no stroke, no fill).
function drawsNothing(style) {
  return !style.stroke && !style.fill;
}

function toBounds(b) {
  return L.latLngBounds(b[0], b[1]);
}

// A tooltip that never leaves the map: Leaflet places a sticky tooltip beside the cursor and
// lets it overflow the map's edge; this one is shifted back inside after every placement.
// Made on first use: this module may be evaluated before Leaflet (both are imported at once).
let AtlasCardClass = null;
function atlasCard(options) {
  if (!AtlasCardClass) AtlasCardClass = L.Tooltip.extend(ATLAS_CARD);
  return new AtlasCardClass(options);
}
const ATLAS_CARD = {
  _setPosition: function (pos) {
    L.Tooltip.prototype._setPosition.call(this, pos);
    const map = this._map;
    const el = this._container;
    if (!map || !el) return;
    // Measured boxes, not Leaflet's positions: the tooltip's CSS margins count too.
    const frame = map.getContainer().getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const margin = 4;
    let dx = 0;
    let dy = 0;
    if (box.right > frame.right - margin) dx = frame.right - margin - box.right;
    if (box.left + dx < frame.left + margin) dx = frame.left + margin - box.left;
    if (box.bottom > frame.bottom - margin) dy = frame.bottom - margin - box.bottom;
    if (box.top + dy < frame.top + margin) dy = frame.top + margin - box.top;
    // Never under a control of the map's top corners (the title box, zoom, views, layers: they
    // lie above every pane): moved beside or below it, whichever stays inside and moves less.
    const blockers = Array.from(map.getContainer().querySelectorAll(".leaflet-top .leaflet-control"))
      .map(function (c) { return c.getBoundingClientRect(); })
      .filter(function (r) { return r.width > 0 && r.height > 0; });
    const at = function (ddx, ddy) {
      return {left: box.left + ddx, right: box.right + ddx, top: box.top + ddy,
              bottom: box.bottom + ddy};
    };
    const fits = function (r) {
      return r.left >= frame.left && r.right <= frame.right && r.top >= frame.top
        && r.bottom <= frame.bottom;
    };
    for (let round = 0; round < 4; round++) {
      const r = at(dx, dy);
      const hit = blockers.find(function (b) { return boxesOverlap(r, b); });
      if (!hit) break;
      const moves = [
        [0, hit.bottom + margin - r.top], [hit.right + margin - r.left, 0],
        [hit.left - margin - r.right, 0],
      ].filter(function (m) { return fits(at(dx + m[0], dy + m[1])); });
      if (!moves.length) break;
      moves.sort(function (a, b) {
        return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]);
      });
      dx += moves[0][0];
      dy += moves[0][1];
    }
    if (dx || dy) L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add([dx, dy]));
  },
};

// ---------------------------------------------------------------------------- mounting

export function mount(element, data, hooks) {
  const known = maps.get(element);
  let view = null;
  if (known && known.root.isConnected) {
    if (configKey(known.data) === configKey(data)) {
      known.hooks = hooks || {};
      guarded(known, function () { update(known, data); });
      return known;
    }
    // Another names mode: its labels, cards and legend are another configuration. The map is
    // built again from it, in the view the reader had.
    if (known.map && known.userMoved) {
      view = {center: known.map.getCenter(), zoom: known.map.getZoom()};
    }
    tearDown(known);
  }
  const atlas = newAtlas(element, data, hooks || {});
  atlas.restoreView = view;
  maps.set(element, atlas);
  return atlas;
}

function configKey(data) {
  return data.config_url || "inline";
}

function tearDown(atlas) {
  if (atlas.data.sync && syncGroups.has(atlas.data.sync)) {
    syncGroups.get(atlas.data.sync).delete(atlas);
  }
  if (atlas.map) atlas.map.remove();
  atlas.root.remove();
}

function newAtlas(element, data, hooks) {
  const atlas = {
    data: data, hooks: hooks, nonce: 0, config: null, map: null, areas: {}, claims: {},
    changed: {}, disputed: {}, transfers: {}, lines: {}, labels: {}, loaded: false,
    current: null, appliedKey: null, status: {}, featureUnits: {}, partLayers: [],
    cutLayer: null, hiddenLayers: data.hidden_layers || [], present: Boolean(data.present),
  };
  const root = document.createElement("div");
  root.className = "atlas-root" + (atlas.present ? " atlas-present" : "");
  root.setAttribute("data-role", String(data.role || ""));
  root.atlas = atlas;  // the tests' handle on the map (nothing of the page reads it)
  // Keys typed in the map (its step bar, Leaflet's own keys) are the map's: the page's
  // hotkeys never see them, except a presentation's Q (its question, then the answer).
  root.addEventListener("keydown", function (event) {
    const question = atlas.present && (event.key === "q" || event.key === "Q")
      && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (!question) event.stopPropagation();
  });
  atlas.root = root;
  if (data.steps) {
    atlas.bar = document.createElement("div");
    atlas.bar.className = "atlas-stepbar";
    root.appendChild(atlas.bar);
  }
  atlas.mapDiv = document.createElement("div");
  atlas.mapDiv.className = "atlas-map";
  if (data.height) atlas.mapDiv.style.height = data.height + "px";
  root.appendChild(atlas.mapDiv);
  element.replaceChildren(root);
  // The geometry is asked for at once, beside the configuration that names it.
  (data.geometry_urls || []).forEach(loadJson);
  Promise.all([loadConfig(data), loadStylesheets(data.css || [])]).then(function (loaded) {
    if (!root.isConnected) return;
    guarded(atlas, function () { start(atlas, loaded[0]); });
  }).catch(function (err) {
    showError(atlas, (atlas.config ? atlas.config.ui.load_error : "The map data could not be "
      + "loaded.") + " (" + (err && err.message ? err.message : String(err)) + ")");
  });
  return atlas;
}

function loadConfig(data) {
  if (data.config && typeof data.config === "object") return Promise.resolve(data.config);
  return loadJson(data.config_url);
}

// A JSON document of the app's static folder, fetched and parsed once for every map of the
// page (the compare view's two maps share the geometry).
function loadJson(url) {
  const href = new URL(url, document.baseURI).href;
  if (!documents.has(href)) {
    documents.set(href, fetch(href).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    }).catch(function (err) {
      documents.delete(href);  // a later mount may try again
      throw err;
    }));
  }
  return documents.get(href);
}

// Leaflet's stylesheet and ours, linked once into the document; sizes measured before they
// apply are wrong (a label as wide as the map), so the map starts once they are in.
function loadStylesheets(urls) {
  return Promise.all(urls.map(function (url) {
    const href = new URL(url, document.baseURI).href;
    let link = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).find(
      function (l) { return l.href === href; });
    if (link && link.sheet) return Promise.resolve();
    if (!link) {
      link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    }
    return new Promise(function (resolve, reject) {
      link.addEventListener("load", resolve);
      link.addEventListener("error", function () { reject(new Error(url + ": not loaded")); });
    });
  }));
}

// ---------------------------------------------------------------------------- errors

// The map fails loudly: an error in one of its own calls or event handlers shows the map's
// error box with its message (role="alert"), never a blank or silently stale map. The first
// error is shown; later ones are not.
function atlasFail(atlas, err) {
  const message = err && err.message ? err.message : String(err);
  if (/^ResizeObserver loop/.test(message)) return;  // harmless
  if (atlas.root.querySelector(".atlas-error")) return;
  const ui = atlas.config && atlas.config.ui;
  showError(atlas, ((ui && ui.script_error) || ATLAS_SCRIPT_ERROR) + " (" + message + ")");
  if (window.console) console.error(err);
}

function guarded(atlas, fn) {
  try {
    return fn();
  } catch (err) {
    atlasFail(atlas, err);
    return undefined;
  }
}

// An event handler of the map's that shows the error box instead of failing silently.
function handler(atlas, fn) {
  return function () {
    const args = arguments;
    const self = this;
    return guarded(atlas, function () { return fn.apply(self, args); });
  };
}

function showError(atlas, message) {
  const where = atlas.mapDiv || atlas.root;
  const box = atlasText("div", message, "atlas-error");
  box.setAttribute("role", "alert");
  where.appendChild(box);
}

// ---------------------------------------------------------------------------- start

function start(atlas, config) {
  atlas.config = config;
  const data = atlas.data;
  const style = config.style;
  const map = L.map(atlas.mapDiv, {
    zoomControl: false, zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: true,
  });
  atlas.map = map;
  map.fitBounds(toBounds(config.views.four), {animate: false});
  const container = map.getContainer();
  container.style.background = style.basemap.sea;
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", config.ui.map_label);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(escapeHtml(config.attribution));

  // Drawing order, bottom to top. Online tiles sit above the offline land, so where a tile
  // cannot load (no network) the land underneath still shows.
  // The compare view's "differs" halo is drawn under the areas: only its outer half shows, as
  // a ring around the land, never over the land's colour.
  const panes = [
    "basemap", "tiles", "changed", "areas", "claims", "disputed", "transfer", "lines", "labels",
  ];
  panes.forEach(function (name, i) {
    map.createPane("atlas-" + name).style.zIndex = String(250 + i * 10 + (i > 1 ? 150 : 0));
  });
  map.getPane("atlas-labels").style.pointerEvents = "none";
  addHatchPatterns(style);

  const groups = {};
  const kinds = [
    "basemap", "areas", "claims", "changed", "disputed", "transfer", "lines", "labels",
  ];
  kinds.forEach(function (k) {
    groups[k] = (k === "areas" ? L.featureGroup() : L.layerGroup()).addTo(map);
  });
  atlas.groups = groups;
  const overlays = {};
  kinds.forEach(function (k) {
    if (k === "changed" && !data.sync) return;  // only the compare view has changes
    // Layers the reader shows or hides on the page (and in the link) are not offered here too.
    if ((config.hideable || []).indexOf(k) >= 0) return;
    overlays[escapeHtml(config.layer_names[k])] = groups[k];
  });
  (data.online_tiles === false ? [] : config.online_tiles).forEach(function (tiles) {
    const layer = L.tileLayer(tiles.url, {
      attribution: escapeHtml(tiles.attribution), maxZoom: tiles.max_zoom, pane: "atlas-tiles",
    });
    layer.on("tileerror", handler(atlas, function () { showTilesNotice(atlas, true); }));
    layer.on("remove", handler(atlas, function () { showTilesNotice(atlas, false); }));
    overlays[escapeHtml(tiles.name)] = layer;
  });
  atlas.layerControl = L.control.layers({}, overlays, {collapsed: true}).addTo(map);

  if (atlas.present) container.classList.add("atlas-present");
  addTitle(atlas);
  if (atlas.bar) (data.chooser ? buildChooser : buildStepBar)(atlas);
  L.control.zoom({position: "topleft"}).addTo(map);
  addViewButtons(atlas);
  addLegend(atlas);
  L.control.scale({position: "topright", imperial: false}).addTo(map);
  fitView(atlas, "four");
  if (atlas.restoreView) {  // rebuilt in another names mode: the reader's view, kept
    map.setView(atlas.restoreView.center, atlas.restoreView.zoom, {animate: false});
    atlas.userMoved = true;
  }
  // Until the user moves the map, the opening view is fitted again whenever the map's size
  // changes (the page lays itself out) or the title box gets its text.
  ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
    container.addEventListener(type, function () { atlas.userMoved = true; }, true);
  });
  map.on("resize", handler(atlas, function () {
    if (!atlas.userMoved) fitView(atlas, "four");
    else foldLegend(atlas);
    if (atlas.loaded) placeLabels(atlas);
  }));
  // The element's size can change without a window resize (a column, the presentation's
  // layout): Leaflet is told.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      if (atlas.root.isConnected) map.invalidateSize({pan: false});
    }).observe(atlas.mapDiv);
  }
  joinSync(atlas);
  listenToKeys(atlas);
  showStep(atlas, data.step);

  // A standalone export (geo/exports/export.py) carries the three documents in config.geometry.
  Promise.all(config.geometry || config.urls.map(loadJson)).then(handler(atlas, function (docs) {
    buildLayers(atlas, docs[0], docs[1], docs[2]);
    listenToPicks(atlas);
    atlas.loaded = true;
    atlas.appliedKey = null;
    showStep(atlas, atlas.current || atlas.data.step);
  })).catch(function (err) {
    showError(atlas, config.ui.load_error + " (" + err.message + ")");
  });
}

// ---------------------------------------------------------------------------- steps

// A later call of mount() for the same element: the data of a newer rerun of the page.
function update(atlas, data) {
  atlas.data = data;
  atlas.hiddenLayers = data.hidden_layers || [];
  if (!atlas.config) return;  // still starting: start() reads the latest data
  // An older rerun (it has not yet seen the map's latest step): the map stays where it is.
  const behind = (data.ack || 0) < atlas.nonce;
  showStep(atlas, behind ? atlas.current : data.step);
}

// The groups outlined as differing from the other map (the compare view), for step ``id``:
// from the two payloads' group signatures (Python's rule, geo.model.snapshot.group_signatures) when
// the other map of the pair shows a snapshot, so that a change of side outlines at once;
// otherwise as the page says (data.changed, or per step against a presentation's baseline).
function changedFor(atlas, id) {
  const data = atlas.data;
  if (data.changed_by_step) return data.changed_by_step[id] || [];
  const peer = peerOf(atlas);
  const mine = payloadFor(atlas, id);
  const theirs = peer && peer.current ? payloadFor(peer, peer.current) : null;
  if (mine && theirs && mine.signatures && theirs.signatures) {
    return Object.keys(mine.signatures).filter(function (group) {
      return theirs.signatures[group] !== undefined
        && theirs.signatures[group] !== mine.signatures[group];
    });
  }
  return data.changed || [];
}

// The other map of a compare pair (the same data.sync name), once it has its configuration.
function peerOf(atlas) {
  const group = atlas.data.sync ? syncGroups.get(atlas.data.sync) : null;
  if (!group) return null;
  let peer = null;
  group.forEach(function (other) {
    if (other !== atlas && other.config && other.root.isConnected) peer = other;
  });
  return peer;
}

// A composed lesson's step ids ("3:1956": a snapshot may come twice) name the snapshot each
// shows in data.aliases; every other step id is a snapshot id.
function snapshotOf(atlas, id) {
  return (atlas.data.aliases || {})[id] || id;
}

function payloadFor(atlas, id) {
  const extra = atlas.data.extra || {};
  const shown = snapshotOf(atlas, id);
  return extra[shown] || (atlas.config && atlas.config.payloads[shown]) || null;
}

// Show snapshot ``id`` (with the data's changes and hidden layers); nothing is redrawn when
// nothing changed.
function showStep(atlas, id) {
  if (atlas.flipped) markFlipped(atlas, false);
  const payload = payloadFor(atlas, id);
  if (!payload) {
    showError(atlas, atlas.config.ui.load_error + " (" + id + ")");
    return;
  }
  const changed = changedFor(atlas, id);
  const key = JSON.stringify([id, changed, (atlas.data.extra || {})[id] ? payload : null,
                              atlas.loaded]);
  atlas.awaiting = null;
  if (key !== atlas.appliedKey) {
    atlas.appliedKey = key;
    applyPayload(atlas, withChanges(atlas, payload, changed));
    atlas.current = id;  // the step, which in a composed lesson names its snapshot by alias
    // the other map of the pair outlines against this one's new snapshot
    const peer = peerOf(atlas);
    if (peer && peer.current && !atlas.followingPeer) {
      peer.followingPeer = true;
      try {
        showStep(peer, peer.current);
      } finally {
        peer.followingPeer = false;
      }
    }
  }
  showLayers(atlas);
  updateStepBar(atlas);
}

// A step the reader took in the map: drawn at once, then reported to the page. A snapshot
// whose payload the map does not hold (the reader's custom division) is drawn when the page
// sends it.
function userStep(atlas, index) {
  const ids = atlas.data.steps || [];
  if (!ids.length) return;
  const at = Math.max(0, Math.min(ids.length - 1, index));
  if (ids[at] === (atlas.awaiting || atlas.current)) return;
  atlas.nonce += 1;
  if (payloadFor(atlas, ids[at])) showStep(atlas, ids[at]);
  else atlas.awaiting = ids[at];
  if (atlas.hooks.step) atlas.hooks.step(ids[at], atlas.nonce);
}

function stepBy(atlas, name) {
  const ids = atlas.data.steps || [];
  const at = ids.indexOf(atlas.current);
  const wanted = {first: 0, last: ids.length - 1, previous: at - 1, next: at + 1}[name];
  userStep(atlas, at < 0 ? 0 : wanted);
}

// The compare view's chooser: any snapshot on this side, drawn the moment it is chosen.
function buildChooser(atlas) {
  const ui = atlas.config.ui_steps;
  const side = atlas.data.chooser;
  const label = atlasText("label", ui[side] || side, "atlas-chooser-label");
  const select = document.createElement("select");
  select.className = "atlas-chooser";
  select.id = "atlas-chooser-" + side;
  label.htmlFor = select.id;
  atlas.bar.classList.add("atlas-chooser-bar");
  atlas.bar.appendChild(label);
  const row = document.createElement("div");
  row.className = "atlas-chooser-row";
  row.appendChild(select);
  atlas.bar.appendChild(row);
  addFlipButton(atlas, row);
  select.addEventListener("change", handler(atlas, function () {
    userStep(atlas, (atlas.data.steps || []).indexOf(select.value));
  }));
  atlas.stepBar = {select: select, ids: null};
}

function updateChooser(atlas) {
  const bar = atlas.stepBar;
  const ids = atlas.data.steps || [];
  const labels = atlas.config.step_labels || {};
  if (bar.ids !== ids.join("|")) {
    bar.ids = ids.join("|");
    bar.select.replaceChildren();
    ids.forEach(function (id) {
      const text = labels[snapshotOf(atlas, id)] ? labels[snapshotOf(atlas, id)].option
        : (id === "custom" ? atlas.config.ui_steps.custom : id);
      const option = atlasText("option", text);
      option.value = id;
      bar.select.appendChild(option);
    });
  }
  bar.select.value = atlas.awaiting || atlas.current;
  atlas.root.setAttribute("data-step", String(atlas.current));
}

// Previous / Next, and a slider with every step labelled (keyboard: arrows, Home, End).
function buildStepBar(atlas) {
  const ui = atlas.config.ui_steps;
  const bar = atlas.bar;
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", ui.slider);
  const previous = atlasText("button", "◀ " + ui.previous, "atlas-step-button atlas-step-previous");
  const next = atlasText("button", ui.next + " ▶", "atlas-step-button atlas-step-next");
  [previous, next].forEach(function (b) { b.type = "button"; });
  const track = L.DomUtil.create("div", "atlas-step-track");
  const range = document.createElement("input");
  range.type = "range";
  range.min = "0";
  range.step = "1";
  range.className = "atlas-step-range";
  range.setAttribute("aria-label", ui.slider);
  const ticks = L.DomUtil.create("div", "atlas-step-ticks");
  ticks.setAttribute("aria-hidden", "true");
  const title = atlasText("div", "", "atlas-step-title");
  track.appendChild(range);
  track.appendChild(ticks);
  bar.appendChild(previous);
  bar.appendChild(track);
  bar.appendChild(next);
  bar.appendChild(title);
  range.addEventListener("input", handler(atlas, function () {
    userStep(atlas, parseInt(range.value, 10));
  }));
  previous.addEventListener("click", handler(atlas, function () { stepBy(atlas, "previous"); }));
  next.addEventListener("click", handler(atlas, function () { stepBy(atlas, "next"); }));
  atlas.stepBar = {range: range, ticks: ticks, previous: previous, next: next, title: title,
                   ids: null};
}

function updateStepBar(atlas) {
  const bar = atlas.stepBar;
  if (!bar) return;
  if (bar.select) {
    updateChooser(atlas);
    return;
  }
  const ids = atlas.data.steps || [];
  const labels = atlas.config.step_labels || {};
  const label = function (id) {
    const found = labels[snapshotOf(atlas, id)];
    if (!found) return {short: id, title: id};
    // a lesson's steps are numbered on the bar; the title names the snapshot
    return atlas.data.aliases ? {short: id.split(":")[0], title: found.title} : found;
  };
  if (bar.ids !== ids.join("|")) {
    bar.ids = ids.join("|");
    bar.range.max = String(Math.max(0, ids.length - 1));
    bar.ticks.replaceChildren();
    const short = ids.every(function (id) { return label(id).short.length <= 6; });
    bar.ticks.hidden = !short;
    ids.forEach(function (id, i) {
      const tick = atlasText("span", label(id).short, "atlas-step-tick");
      tick.style.left = (ids.length > 1 ? 100 * i / (ids.length - 1) : 0) + "%";
      if (i === 0) tick.classList.add("first");
      if (i === ids.length - 1) tick.classList.add("last");
      tick.setAttribute("data-step", id);
      tick.addEventListener("click", handler(atlas, function () { userStep(atlas, i); }));
      bar.ticks.appendChild(tick);
    });
  }
  const at = ids.indexOf(atlas.current);
  bar.range.value = String(Math.max(0, at));
  const current = label(atlas.current);
  bar.range.setAttribute("aria-valuetext", current.title);
  bar.title.textContent = bar.ticks.hidden ? current.title : "";
  bar.title.hidden = !bar.ticks.hidden;
  bar.previous.disabled = at <= 0;
  bar.next.disabled = at < 0 || at >= ids.length - 1;
  Array.from(bar.ticks.children).forEach(function (tick, i) {
    tick.classList.toggle("current", i === at);
  });
  atlas.root.setAttribute("data-step", String(atlas.current));
}

// Presentation mode (data.keys): ← → Home End step the map from anywhere on the page, except
// while the reader types in a field or uses a slider (its own arrows).
function listenToKeys(atlas) {
  if (!atlas.data.keys) return;
  const onKey = function (event) {
    if (!atlas.root.isConnected) {
      document.removeEventListener("keydown", onKey, true);
      return;
    }
    const name = KEY_STEPS[event.key];
    if (!name || !atlas.data.keys || event.altKey || event.ctrlKey || event.metaKey) return;
    const el = event.target;
    const tag = el && el.tagName ? el.tagName.toLowerCase() : "";
    if (["input", "textarea", "select"].indexOf(tag) >= 0 || (el && el.isContentEditable)
        || (el && el.getAttribute && el.getAttribute("role") === "slider")) return;
    event.preventDefault();
    event.stopPropagation();  // arrows step; they neither pan the map nor reach the page
    guarded(atlas, function () { stepBy(atlas, name); });
  };
  document.addEventListener("keydown", onKey, true);
}

// A click or tap on an area (or within config.pick_tolerance_px of one: small islets) is
// reported as its group; a click on open sea picks nothing.
function listenToPicks(atlas) {
  let clicked = null;
  Object.keys(atlas.areas).forEach(function (id) {
    atlas.areas[id].on("click", handler(atlas, function () {
      clicked = atlas.config.feature_groups[id];
    }));
  });
  const nearest = function (point) {
    let best = null;
    let bestDistance = atlas.config.pick_tolerance_px;
    Object.keys(atlas.areas).forEach(function (id) {
      const layer = atlas.areas[id];
      if (!atlas.map.hasLayer(layer) || !layer._parts || !layer._parts.length) return;
      const closest = layer.closestLayerPoint(point);
      if (closest && closest.distance <= bestDistance) {
        best = atlas.config.feature_groups[id];
        bestDistance = closest.distance;
      }
    });
    return best;
  };
  atlas.map.on("click", handler(atlas, function (event) {
    const group = clicked || nearest(event.layerPoint);
    clicked = null;
    if (!group) return;
    atlas.root.setAttribute("data-picked", group);
    if (atlas.hooks.pick) atlas.hooks.pick(group);
  }));
}

// The compare view's two maps move together: a view the reader sets on one is set on the
// other (one registry in this module; both maps live in the same page).
function joinSync(atlas) {
  const name = atlas.data.sync;
  if (!name) return;
  if (!syncGroups.has(name)) syncGroups.set(name, new Set());
  const group = syncGroups.get(name);
  group.add(atlas);
  const map = atlas.map;
  map.on("moveend", handler(atlas, function () {
    if (atlas.following || !atlas.userMoved) return;
    const center = map.getCenter();
    const zoom = map.getZoom();
    group.forEach(function (other) {
      if (other === atlas) return;
      if (!other.root.isConnected) {
        group.delete(other);
        return;
      }
      if (!other.map) return;
      const c = other.map.getCenter();
      if (other.map.getZoom() === zoom && Math.abs(c.lat - center.lat) < 1e-9
          && Math.abs(c.lng - center.lng) < 1e-9) return;
      other.userMoved = true;
      other.following = true;
      try {
        other.map.setView(center, zoom, {animate: false});
      } finally {
        other.following = false;
      }
    });
  }));
}

// ---------------------------------------------------------------------------- applying

// The payload with the compare view's differences: the groups in ``changed`` get the change
// outline, a line on their card and a legend row.
function withChanges(atlas, payload, changed) {
  if (!changed || !changed.length) return payload;
  const c = atlas.config.style.change;
  const outline = {
    stroke: true, color: c.color, weight: c.weight, dashArray: c.dash || null,
    lineJoin: "round", fill: false,
  };
  const units = {};
  Object.keys(payload.units).forEach(function (id) {
    const unit = payload.units[id];
    units[id] = changed.indexOf(unit.group) < 0 ? unit : Object.assign({}, unit, {
      changed_style: outline,
      card: unit.card.concat([atlas.data.marked_label || atlas.config.ui.changed_card]),
    });
  });
  // the page may say what the outline marks instead (a presented question's answer)
  const legend = payload.legend.concat([
    {kind: "changed", color: c.color,
     label: atlas.data.marked_label || atlas.config.ui.changed_legend},
  ]);
  return Object.assign({}, payload, {units: units, legend: legend});
}

function applyPayload(atlas, payload) {
  // The title box and legend follow the step at once, even before the geometry has arrived.
  const title = atlas.titleBox;
  if (title) {
    title.querySelector(".atlas-title-main").textContent = payload.title;
    title.querySelector(".atlas-title-sub").textContent = payload.subtitle;
    title.title = payload.title + (payload.subtitle ? "\n" + payload.subtitle : "");
  }
  updateLegend(atlas, payload);
  atlas.current = payload.id;
  atlas.year = payload.year;
  updateLabelAdmins(atlas, payload);
  if (atlas.loaded && !atlas.fittedWithLabels && !atlas.userMoved) {
    atlas.fittedWithLabels = true;  // the labels now have their full height: fit once more
    fitView(atlas, "four");
  }
  if (!atlas.fittedWithTitle && !atlas.userMoved) fitView(atlas, "four");
  atlas.fittedWithTitle = true;
  const container = atlas.map.getContainer();
  if (!atlas.loaded) return;
  atlas.status = payload.units;
  atlas.featureUnits = payload.feature_units;
  const layerKinds = [
    ["areas", "area_style"], ["claims", "claim_style"], ["changed", "changed_style"],
    ["transfer", "transfer_style"],
  ];
  const byKind = {
    areas: atlas.areas, claims: atlas.claims, changed: atlas.changed, transfer: atlas.transfers,
  };
  Object.keys(atlas.areas).forEach(function (id) {
    const p = payload.units[payload.feature_units[id]];
    const hidden = !p || payload.hidden.indexOf(id) >= 0;  // drawn from its parts instead
    layerKinds.forEach(function (kind) {
      const style = hidden ? null : p[kind[1]];
      const layer = kind[0] === "areas" ? byKind.areas[id]
        : lazyPath(atlas, byKind[kind[0]], kind[0], id, style);
      if (!layer) return;
      const group = atlas.groups[kind[0]];
      if (hidden || (kind[0] !== "areas" && drawsNothing(style))) {
        if (style) layer.setStyle(style);
        if (group.hasLayer(layer)) group.removeLayer(layer);
        return;
      }
      if (!group.hasLayer(layer)) group.addLayer(layer);
      layer.setStyle(style);
    });
    if (hidden) return;
    const layer = atlas.areas[id];
    layer.feature.properties.administered_by = p.administered_by;
    // A card left open across a switch shows the new snapshot's text, never the previous one's.
    if (layer.isTooltipOpen()) layer.getTooltip().setContent(cardContent(atlas, id));
  });
  drawParts(atlas, payload, layerKinds);
  Object.keys(atlas.lines).forEach(function (id) {
    const layer = atlas.lines[id];
    const visible = payload.lines.indexOf(id) >= 0;
    if (visible && !atlas.groups.lines.hasLayer(layer)) {
      layer.setStyle(payload.line_style);
      atlas.groups.lines.addLayer(layer);
    }
    // A worldview's map says what its lines are; otherwise the line's own (treaty) label.
    if (visible) {
      const said = payload.line_label || layer.feature.properties.label;
      if (layer.atlasLabel !== said) {
        layer.setTooltipContent(atlasText("span", said));
        layer.atlasLabel = said;
      }
    }
    if (!visible && atlas.groups.lines.hasLayer(layer)) atlas.groups.lines.removeLayer(layer);
  });
  if (atlas.cutLayer) atlas.groups.lines.removeLayer(atlas.cutLayer);
  atlas.cutLayer = null;
  if (payload.cut) {
    atlas.cutLayer = L.geoJSON(payload.cut.geometry, {pane: "atlas-lines", style: payload.cut_style});
    atlas.cutLayer.bindTooltip(atlasText("span", payload.cut.label), {sticky: true});
    atlas.groups.lines.addLayer(atlas.cutLayer);
  }
  container.setAttribute("data-atlas-snapshot", String(payload.id));
  container.setAttribute("data-atlas-year", payload.year === null ? "" : String(payload.year));
}

// ---------------------------------------------------------------------------- drawing

function showTilesNotice(atlas, show) {
  const container = atlas.map.getContainer();
  let box = container.querySelector(".atlas-notice");
  if (show && !box) {
    box = atlasText("div", atlas.config.ui.tiles_error, "atlas-notice");
    box.setAttribute("role", "status");
    container.appendChild(box);
  }
  if (!show && box) box.remove();
}

// Fit one of the named views ("four": the disputed groups, "region": every area), keeping the
// title box (top), the attribution and the legend (bottom right, or bottom on a narrow map)
// and room for the islands' labels off the islands.
function container(atlas) {
  return atlas.map.getContainer();
}

function fitView(atlas, name) {
  const map = atlas.map;
  const size = map.getSize();
  foldLegend(atlas);
  const gap = 10;
  // Room for the labels that sit above and below the islands: as tall as the tallest label
  // (two names and who administers, in both local names), once the labels exist.
  let labelRoom = 28;
  container(atlas).querySelectorAll(".atlas-label-disputed").forEach(function (el) {
    labelRoom = Math.max(labelRoom, el.offsetHeight + 6);
  });
  const wide = size.x >= 600;
  const height = function (el) { return el ? el.offsetHeight : 0; };
  const width = function (el) { return el ? el.offsetWidth : 0; };
  const attribution = map.attributionControl ? map.attributionControl.getContainer() : null;
  const top = height(atlas.titleBox) + gap + labelRoom;
  // A label below an island sits its offset and arrow (14 px) further down; a narrow map's
  // legend is under the map.
  const bottom = height(attribution) + labelRoom + 14;
  const left = wide ? width(atlas.leftControls) + 2 * gap : gap;
  const right = wide ? width(atlas.legendBox) + 2 * gap : gap;
  if (size.x - left - right < 50 || size.y - top - bottom < 50) {
    // Not laid out yet (a hidden element has no size): fit once it has one.
    map.once("resize", function () { fitView(atlas, name); });
    return;
  }
  map.fitBounds(toBounds(atlas.config.views[name]), {
    animate: false, paddingTopLeft: [left, top], paddingBottomRight: [right, bottom],
  });
}

// The legend opens on a wide map and folds on a narrow one, until the user toggles it. In
// presentation mode it opens only on a wide projector (the islands get the room first).
function foldLegend(atlas) {
  placeLegend(atlas);
  if (atlas.legendBox && !atlas.legendToggled) {
    atlas.legendBox.open = atlas.map.getSize().x >= (atlas.present ? 1100 : 600);
  }
}

// On a narrow map (a phone) the legend sits under the map, not on it: opened, it never
// covers the islands. On a wide map it is a box in the map's corner.
function placeLegend(atlas) {
  const box = atlas.legendBox;
  if (!box || !atlas.legendCorner) return;
  const below = atlas.map.getSize().x < 600;
  if (below && box.parentNode !== atlas.root) {
    atlas.mapDiv.after(box);
    box.classList.add("atlas-legend-below");
  } else if (!below && box.parentNode === atlas.root) {
    atlas.legendCorner.appendChild(box);
    box.classList.remove("atlas-legend-below");
  }
}

function addTitle(atlas) {
  const control = L.control({position: "topleft"});
  control.onAdd = function () {
    const div = L.DomUtil.create("div", "atlas-title");
    div.setAttribute("aria-live", "polite");
    div.appendChild(atlasText("div", "", "atlas-title-main"));
    div.appendChild(atlasText("div", "", "atlas-title-sub"));
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo(atlas.map);
  atlas.titleBox = control.getContainer();
}

function addViewButtons(atlas) {
  const control = L.control({position: "topleft"});
  control.onAdd = function () {
    const div = L.DomUtil.create("div", "atlas-views leaflet-bar");
    [["four", atlas.config.ui.view_four], ["region", atlas.config.ui.view_region]].forEach(
      function (item) {
        const button = atlasText("button", item[1], "atlas-view-button");
        button.type = "button";
        button.setAttribute("data-view", item[0]);
        L.DomEvent.on(button, "click", function (e) {
          L.DomEvent.stop(e);
          fitView(atlas, item[0]);
        });
        div.appendChild(button);
      });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo(atlas.map);
  atlas.leftControls = control.getContainer();
}

// A compare map's "show the other map here" toggle, beside its chooser (shown on a phone, where
// the two maps are stacked): the other side's snapshot, with its differences outlined, in this map's view, so
// that both sides of the same area are seen in one place. A step of either map ends it.
function addFlipButton(atlas, row) {
  const button = atlasText("button", atlas.config.ui.flip_show, "atlas-flip-button");
  button.type = "button";
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", handler(atlas, function () { flip(atlas, !atlas.flipped); }));
  row.appendChild(button);
  atlas.flipButton = button;
}

function markFlipped(atlas, on) {
  atlas.flipped = on;
  if (atlas.flipButton) {
    atlas.flipButton.textContent = on ? atlas.config.ui.flip_back : atlas.config.ui.flip_show;
    atlas.flipButton.setAttribute("aria-pressed", on ? "true" : "false");
  }
  atlas.root.classList.toggle("atlas-flipped", on);
  atlas.appliedKey = null;  // what is drawn is not the map's own step any more (or again)
}

function flip(atlas, on) {
  const peer = peerOf(atlas);
  const own = atlas.current;
  if (on && (!peer || !peer.current)) return;
  markFlipped(atlas, on);
  if (on) {
    const payload = payloadFor(peer, peer.current);
    applyPayload(atlas, withChanges(atlas, payload, changedFor(peer, peer.current)));
    atlas.current = own;  // the map's own step is still its own (the pair compares by it)
    showLayers(atlas);
  } else {
    showStep(atlas, own);
  }
}

function addHatchPatterns(style) {
  if (document.getElementById("atlas-patterns")) return;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("id", "atlas-patterns");
  svg.setAttribute("width", "0");
  svg.setAttribute("height", "0");
  svg.style.position = "absolute";
  const defs = document.createElementNS(ns, "defs");
  Object.keys(style.state).forEach(function (code) {
    const p = document.createElementNS(ns, "pattern");
    p.setAttribute("id", "atlas-hatch-" + code);
    p.setAttribute("patternUnits", "userSpaceOnUse");
    const w = style.claim.hatch_width;
    p.setAttribute("width", w);
    p.setAttribute("height", w);
    p.setAttribute("patternTransform", "rotate(45)");
    const line = document.createElementNS(ns, "rect");
    line.setAttribute("width", String(w / 3));
    line.setAttribute("height", String(w));
    line.setAttribute("fill", style.state[code].fill);
    p.appendChild(line);
    defs.appendChild(p);
  });
  svg.appendChild(defs);
  document.body.appendChild(svg);
}

function swatch(parent, item) {
  const el = L.DomUtil.create("span", "atlas-swatch atlas-swatch-" + item.kind, parent);
  if (item.kind === "fill") el.style.background = item.color;
  if (item.kind === "hatch") {
    // The administrator's colour with the claimant's stripes, exactly as on the map.
    el.style.background = "repeating-linear-gradient(45deg," + item.stripes + " 0 3px,"
      + item.color + " 3px 7px)";
  }
  if (["outline", "line", "disputed", "changed", "cut"].indexOf(item.kind) >= 0) {
    el.style.borderColor = item.color;
  }
  return el;
}

function legendRow(parent, item) {
  const row = L.DomUtil.create("div", "atlas-legend-row", parent);
  swatch(row, item);
  row.appendChild(atlasText("span", item.label));
  return row;
}

function addLegend(atlas) {
  const config = atlas.config;
  const legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    // A <details> element: open on a wide map, folded on a narrow one (one click opens it).
    const div = L.DomUtil.create("details", "atlas-legend");
    div.open = atlas.map.getSize().x >= 600;
    div.appendChild(atlasText("summary", config.legend.title, "atlas-legend-title"));
    config.legend.items.forEach(function (item) { legendRow(div, item); });
    atlas.legendYear = L.DomUtil.create("div", "atlas-legend-year", div);
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    div.querySelector("summary").addEventListener("click", function () {
      atlas.legendToggled = true;
    });
    return div;
  };
  legend.addTo(atlas.map);
  atlas.legendBox = legend.getContainer();
  atlas.legendCorner = atlas.legendBox.parentNode;
  placeLegend(atlas);
}

// The card of a drawn feature (its unit from the payload), or of a divided part (``unitId``).
function cardContent(atlas, id, unitId) {
  const status = atlas.status[unitId || atlas.featureUnits[id]];
  const div = document.createElement("div");
  div.className = "atlas-card";
  const names = atlas.config.names[id];
  div.appendChild(atlasText("div", names.title, "atlas-card-title"));
  names.lines.forEach(function (t) { div.appendChild(atlasText("div", t, "atlas-card-name")); });
  if (status) {
    status.card.forEach(function (t) { div.appendChild(atlasText("div", t, "atlas-card-line")); });
  }
  return div;
}

// Each feature goes into its layer group on its own (not inside one L.geoJSON container), so
// that a feature taken out of a group (an island drawn from its parts) stays out, also when
// the group is toggled off and on.
function addEach(geoJson, group) {
  geoJson.eachLayer(function (layer) { group.addLayer(layer); });
}

function buildLayers(atlas, basemap, areas, lines) {
  const style = atlas.config.style;
  const disputedGroups = atlas.config.disputed_groups;
  L.geoJSON(basemap, {
    pane: "atlas-basemap", interactive: false,
    style: {color: style.basemap.coast, weight: 0.6, fillColor: style.basemap.land, fillOpacity: 1},
  }).addTo(atlas.groups.basemap);
  addEach(L.geoJSON(areas, {
    pane: "atlas-areas",
    style: {color: style.basemap.coast, weight: 0.8, fillColor: style.basemap.land, fillOpacity: 1},
    onEachFeature: function (feature, layer) {
      const id = feature.properties.id;
      layer.feature.properties = {id: id, group: feature.properties.group};
      atlas.areas[id] = layer;
      // One compact card on hover (and on tap, where there is no hover); no popup, so no box
      // ever pans the map away from the data.
      layer.bindTooltip(
        atlasCard({sticky: true, direction: "right", offset: [14, 0],
                       className: "atlas-card-box", opacity: 1}),
      );
      layer.setTooltipContent(function () { return cardContent(atlas, id); });
    },
  }), atlas.groups.areas);
  // The claim stripes, change halos and transfer outlines of a feature are drawn only once a
  // payload gives it one (lazyPath): most features never need them, and the first paint is
  // quicker without several hundred empty paths.
  atlas.features = {};
  areas.features.forEach(function (feature) { atlas.features[feature.properties.id] = feature; });
  addEach(L.geoJSON(areas, {
    pane: "atlas-disputed", interactive: false,
    filter: function (feature) { return disputedGroups.indexOf(feature.properties.group) >= 0; },
    style: {
      stroke: true, fill: false, color: style.disputed.color, weight: style.disputed.weight,
    },
    onEachFeature: function (feature, layer) { atlas.disputed[feature.properties.id] = layer; },
  }), atlas.groups.disputed);
  L.geoJSON(lines, {
    pane: "atlas-lines",
    onEachFeature: function (feature, layer) {
      atlas.lines[feature.properties.id] = layer;
      layer.bindTooltip(atlasText("span", feature.properties.label), {sticky: true});
    },
  });
  atlas.config.labels.forEach(function (label) {
    const bounds = L.latLngBounds([]);
    label.features.forEach(function (id) {
      if (atlas.areas[id]) bounds.extend(atlas.areas[id].getBounds());
    });
    if (!bounds.isValid()) return;
    // A disputed group's label also says who administers it (colour is never the only
    // carrier of that): the second line follows each payload.
    const content = L.DomUtil.create("div", "atlas-label-box");
    content.appendChild(atlasText("div", label.text, "atlas-label-name"));
    const admin = label.disputed ? atlasText("div", "", "atlas-label-admin") : null;
    if (admin) content.appendChild(admin);
    const tip = L.tooltip({
      permanent: true, direction: label.side || "center", offset: labelOffset(label.side),
      className: "atlas-label" + (label.disputed ? " atlas-label-disputed" : ""),
      pane: "atlas-labels", interactive: false,
    }).setContent(content);
    tip.setLatLng(anchorOf(bounds, label.side));
    atlas.labels[label.group] = {tip: tip, bounds: bounds, label: label, admin: admin};
  });
  atlas.map.on("zoomend moveend", function () { placeLabels(atlas); });
  placeLabels(atlas);
}

// Where an offset label points: the middle of the area's edge on the label's side.
function anchorOf(bounds, side) {
  const c = bounds.getCenter();
  if (side === "left") return L.latLng(c.lat, bounds.getWest());
  if (side === "right") return L.latLng(c.lat, bounds.getEast());
  if (side === "top") return L.latLng(bounds.getNorth(), c.lng);
  if (side === "bottom") return L.latLng(bounds.getSouth(), c.lng);
  return c;
}

function labelOffset(side) {
  const d = 8;
  if (side === "left") return [-d, 0];
  if (side === "right") return [d, 0];
  if (side === "top") return [0, -d];
  if (side === "bottom") return [0, d];
  return [0, 0];
}

// The four disputed groups are always labelled, beside the island (never on it). Other areas
// are labelled only when big enough on screen, at the middle of their visible part, so that a
// label is never cut off by the map's edge.
function placeLabels(atlas) {
  const map = atlas.map;
  const minPixels = atlas.config.label_min_pixels;
  const view = map.getBounds();
  atlas.landRings = null;  // the four groups' outlines on screen, made when a label asks
  Object.keys(atlas.labels).forEach(function (group) {
    const entry = atlas.labels[group];
    let show = true;
    if (!entry.label.disputed) {
      const nw = map.latLngToLayerPoint(entry.bounds.getNorthWest());
      const se = map.latLngToLayerPoint(entry.bounds.getSouthEast());
      const big = Math.max(se.x - nw.x, se.y - nw.y) >= minPixels;
      show = big && view.intersects(entry.bounds);
      if (show) {
        const south = Math.max(entry.bounds.getSouth(), view.getSouth());
        const north = Math.min(entry.bounds.getNorth(), view.getNorth());
        const west = Math.max(entry.bounds.getWest(), view.getWest());
        const east = Math.min(entry.bounds.getEast(), view.getEast());
        entry.tip.setLatLng(L.latLng((south + north) / 2, (west + east) / 2));
      }
    } else {
      entry.tip.setLatLng(anchorOf(entry.bounds, entry.label.side));
    }
    const shown = atlas.groups.labels.hasLayer(entry.tip);
    if (show && !shown) atlas.groups.labels.addLayer(entry.tip);
    if (!show && shown) atlas.groups.labels.removeLayer(entry.tip);
    if (show && entry.label.disputed) keepInside(atlas, entry);
  });
  hideCrowdedLabels(atlas);
}

// A disputed group's label near the map's edge slides along it instead of being cut off.
// Its box is computed from the map's view and the label's size (as Leaflet places a tooltip),
// not measured on screen: a measurement taken while the view is being reset can be stale.
function keepInside(atlas, entry) {
  const tip = entry.tip;
  const side = entry.label.side;
  const base = labelOffset(side);
  tip.options.offset = L.point(base);
  tip.update();
  const el = tip.getElement();
  if (!el) return;
  const w = el.offsetWidth;
  const h = el.offsetHeight;
  const arrow = 6;  // Leaflet's CSS margin for a tooltip with a direction
  const at = atlas.map.latLngToContainerPoint(tip.getLatLng()).add(base);
  let x = at.x - w / 2;
  let y = at.y - h / 2;
  if (side === "bottom") y = at.y + arrow;
  if (side === "top") y = at.y - h - arrow;
  if (side === "left") x = at.x - w - arrow;
  if (side === "right") x = at.x + arrow;
  const size = atlas.map.getSize();
  const margin = 2;
  let dx = 0;
  let dy = 0;
  if (x < margin) dx = margin - x;
  if (x + dx + w > size.x - margin) dx = size.x - margin - w - x;
  if (y < margin) dy = margin - y;
  if (y + dy + h > size.y - margin) dy = size.y - margin - h - y;
  // Never under the title box (the label goes just below it) nor under the zoom and view
  // buttons (it goes below or beside them, whichever moves it less).
  const frame = atlas.map.getContainer().getBoundingClientRect();
  const local = function (el) {
    const r = el.getBoundingClientRect();
    return {left: r.left - frame.left, right: r.right - frame.left,
            top: r.top - frame.top, bottom: r.bottom - frame.top};
  };
  const hits = function (b) {
    return x + dx < b.right && b.left < x + dx + w && y + dy < b.bottom && b.top < y + dy + h;
  };
  if (atlas.titleBox) {
    const title = local(atlas.titleBox);
    if (hits(title)) dy = title.bottom + margin - y;
  }
  atlas.map.getContainer().querySelectorAll(
    ".leaflet-top.leaflet-left .leaflet-control:not(.atlas-title)").forEach(function (el) {
    const b = local(el);
    if (!hits(b)) return;
    const down = b.bottom + margin - (y + dy);
    const right = b.right + margin - (x + dx);
    // A label above or below its island moves sideways (down or up, it would cover the
    // island it names); a label beside it moves whichever way is shorter.
    const across = side === "top" || side === "bottom";
    if (across || right <= down) dx += right; else dy += down;
  });
  // Nor on the land of one of the four groups (a long label above Kunashiri covered
  // Etorofu's tip): it slides along its side, 16 px at a time, to the nearest clear place.
  const clear = function (ox, oy) {
    return !onLand(atlas, x + ox, y + oy, w, h) && x + ox >= margin && y + oy >= margin
      && x + ox + w <= size.x - margin && y + oy + h <= size.y - margin;
  };
  if (!clear(dx, dy)) {
    const along = side === "top" || side === "bottom" ? [1, 0] : [0, 1];
    for (let k = 1; k <= 6; k++) {
      const moved = [k * 16, -k * 16].find(function (d) {
        return clear(dx + along[0] * d, dy + along[1] * d);
      });
      if (moved !== undefined) {
        dx += along[0] * moved;
        dy += along[1] * moved;
        break;
      }
    }
  }
  // Nor under the attribution or a box in a bottom corner (a phone's two-line attribution):
  // it goes just above.
  atlas.map.getContainer().querySelectorAll(".leaflet-bottom .leaflet-control").forEach(
    function (el) {
      const b = local(el);
      if (b.bottom > b.top && hits(b)) dy = b.top - margin - h - y;
    });
  if (dx || dy) {
    tip.options.offset = L.point(base[0] + dx, base[1] + dy);
    tip.update();
  }
}

// Whether a box (container pixels) touches the land of one of the four disputed groups: a
// grid of points in it, each tested against the groups' outlines on screen.
function onLand(atlas, x, y, w, h) {
  if (!atlas.landRings) {
    const map = atlas.map;
    const groups = atlas.config.labels.filter(function (l) { return l.disputed; })
      .map(function (l) { return l.group; });
    atlas.landRings = [];
    Object.keys(atlas.areas).forEach(function (id) {
      const layer = atlas.areas[id];
      if (groups.indexOf(layer.feature.properties.group) < 0) return;
      const flat = function (lls) {
        if (!lls.length) return;
        if (lls[0] instanceof L.LatLng) {
          atlas.landRings.push(lls.map(function (ll) { return map.latLngToContainerPoint(ll); }));
        } else {
          lls.forEach(flat);
        }
      };
      flat(layer.getLatLngs());
    });
  }
  for (let i = 0; i <= 6; i++) {
    for (let j = 0; j <= 3; j++) {
      const px = x + (w * i) / 6;
      const py = y + (h * j) / 3;
      if (atlas.landRings.some(function (ring) { return insideRing(ring, px, py); })) {
        return true;
      }
    }
  }
  return false;
}

function insideRing(ring, px, py) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if ((a.y > py) !== (b.y > py) && px < ((b.x - a.x) * (py - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

// A context label that would overlap a disputed group (its label or its land), a control or
// the map's edge moves within the visible part of its area (centre first, then the centre of
// each third), and is left out where no place is free: the four disputed groups always win.
function hideCrowdedLabels(atlas) {
  const map = atlas.map;
  const container = map.getContainer();
  const frame = container.getBoundingClientRect();
  const blockers = Array.from(container.querySelectorAll(
    ".leaflet-control, .atlas-label-disputed")).map(function (el) {
    return el.getBoundingClientRect();
  });
  Object.keys(atlas.labels).forEach(function (group) {
    const entry = atlas.labels[group];
    if (!entry.label.disputed || !map.hasLayer(atlas.groups.areas)) return;
    const nw = map.latLngToContainerPoint(entry.bounds.getNorthWest());
    const se = map.latLngToContainerPoint(entry.bounds.getSouthEast());
    blockers.push({left: frame.left + nw.x, right: frame.left + se.x,
                   top: frame.top + nw.y, bottom: frame.top + se.y});
  });
  const view = map.getBounds();
  Object.keys(atlas.labels).forEach(function (group) {
    const entry = atlas.labels[group];
    if (entry.label.disputed || !atlas.groups.labels.hasLayer(entry.tip)) return;
    const el = entry.tip.getElement();
    if (!el) return;
    const south = Math.max(entry.bounds.getSouth(), view.getSouth());
    const north = Math.min(entry.bounds.getNorth(), view.getNorth());
    const west = Math.max(entry.bounds.getWest(), view.getWest());
    const east = Math.min(entry.bounds.getEast(), view.getEast());
    const fits = function () {
      const r = el.getBoundingClientRect();
      const inside = r.left >= frame.left && r.right <= frame.right && r.top >= frame.top
        && r.bottom <= frame.bottom;
      return inside && !blockers.some(function (b) { return boxesOverlap(r, b); }) ? r : null;
    };
    const places = [[0.5, 0.5], [0.5, 1 / 6], [0.5, 5 / 6], [1 / 6, 0.5], [5 / 6, 0.5],
                    [1 / 6, 1 / 6], [5 / 6, 1 / 6], [1 / 6, 5 / 6], [5 / 6, 5 / 6]];
    let free = null;
    for (let i = 0; i < places.length && !free; i++) {
      const f = places[i];
      entry.tip.setLatLng(L.latLng(south + (north - south) * f[1], west + (east - west) * f[0]));
      free = fits();
    }
    if (free) blockers.push(free); else atlas.groups.labels.removeLayer(entry.tip);
  });
}

function updateLegend(atlas, payload) {
  const box = atlas.legendYear;
  if (!box) return;
  box.replaceChildren();
  payload.legend.forEach(function (item) { legendRow(box, item); });
}


// The path of feature id in one of the overlay kinds (claims, changed, transfer), made the
// first time a style draws something there; null while nothing ever needed it.
function lazyPath(atlas, layers, kind, id, style) {
  if (layers[id]) return layers[id];
  if (!style || drawsNothing(style)) return null;
  const made = L.geoJSON(atlas.features[id], {pane: "atlas-" + kind, interactive: false});
  layers[id] = made.getLayers()[0];
  return layers[id];
}

// The parts of an island that a scenario divides: drawn from the payload's geometry, in the
// same panes and layer groups as whole features, and replaced on every switch.
function drawParts(atlas, payload, layerKinds) {
  atlas.partLayers.forEach(function (entry) { atlas.groups[entry[0]].removeLayer(entry[1]); });
  atlas.partLayers = [];
  payload.parts.forEach(function (part) {
    const p = payload.units[part.unit];
    layerKinds.forEach(function (kind) {
      const interactive = kind[0] === "areas";
      const layer = L.geoJSON(part.geometry, {
        pane: "atlas-" + kind[0], interactive: interactive, style: p[kind[1]],
      });
      if (interactive) {
        layer.eachLayer(function (path) {
          path.feature = {properties: {id: part.names, unit: part.unit,
                                       administered_by: p.administered_by}};
          path.bindTooltip(atlasCard({sticky: true, direction: "right", offset: [14, 0],
                                          className: "atlas-card-box", opacity: 1}));
          path.setTooltipContent(function () { return cardContent(atlas, part.names, part.unit); });
        });
      }
      atlas.groups[kind[0]].addLayer(layer);
      atlas.partLayers.push([kind[0], layer]);
    });
  });
}


// Layers hidden on the page (payload.hidden_layers, kept across payloads without it).
function showLayers(atlas) {
  const hidden = atlas.hiddenLayers || [];
  (atlas.config.hideable || []).forEach(function (kind) {
    const group = atlas.groups[kind];
    if (!group) return;
    const hide = hidden.indexOf(kind) >= 0;
    if (hide && atlas.map.hasLayer(group)) atlas.map.removeLayer(group);
    if (!hide && !atlas.map.hasLayer(group)) atlas.map.addLayer(group);
  });
  if (atlas.loaded && hidden.indexOf("labels") < 0) placeLabels(atlas);
}


// The administrator(s) of each disputed group under the payload, written under its label.
// Named as the state was at the time (USSR in 1945-1956, Russian Federation today).
function updateLabelAdmins(atlas, payload) {
  const prefix = payload.admin_prefix || atlas.config.ui.admin_prefix || "";
  const names = atlas.config.state_short || {};
  Object.keys(atlas.labels).forEach(function (group) {
    const entry = atlas.labels[group];
    if (!entry.admin) return;
    const shown = [];
    Object.keys(payload.units).forEach(function (id) {
      const unit = payload.units[id];
      const name = unit.administrator || names[unit.administered_by] || unit.administered_by;
      if (unit.group === group && shown.indexOf(name) < 0) shown.push(name);
    });
    const text = shown.join(" / ");
    entry.admin.textContent = text ? prefix + text : "";
  });
}
