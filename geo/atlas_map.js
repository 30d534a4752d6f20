// The atlas's map logic, inside the map's own iframe of the page (geo.mapview.map_document).
//
// atlasInit() runs once per map: it frames the four disputed groups, fetches the geometry
// (static GeoJSON files served by the app), builds one Leaflet layer per feature and layer kind,
// the layer control, the title box, the view buttons and the legend.
// atlasApply() runs on every switch of snapshot (a year or a scenario) with a small payload of
// styles and card lines computed in Python (geo.mapview.snapshot_payload): no geometry travels
// after the first load, except the parts of an island a scenario divides.
// atlasFollowPage() reads what each Streamlit rerun says the map shows (a hidden element of the
// page, geo.mapview.state_element) and applies it; atlasPicks() turns a click on an area into a
// press of its group's option of the page's hidden choice widget.
// atlasSync() keeps the two maps of the compare view on the same view (postMessage between the
// sibling iframes of one page).
// All data text is inserted with textContent, never as HTML.

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

// The map fails loudly: any error of a script in the map's frame (ours, Leaflet's, one raised
// while a payload is applied or in an event handler) shows the map's error box with its
// message, never a blank or silently stale map. The first error is shown; later ones are not.
const ATLAS_SCRIPT_ERROR = "The map stopped because of an error in its script.";

function atlasFail(err) {
  const message = err && err.message ? err.message : String(err);
  // A ResizeObserver that could not deliver every notification in one frame is harmless.
  if (/^ResizeObserver loop/.test(message)) return;
  const map = window.atlas ? window.atlas.map : null;
  const container = (map && map.getContainer()) || document.querySelector(".leaflet-container")
    || document.body;
  if (!container || container.querySelector(".atlas-error")) return;
  const ui = window.atlas && window.atlas.config && window.atlas.config.ui;
  const text = (ui && ui.script_error) || ATLAS_SCRIPT_ERROR;
  const box = atlasText("div", text + " (" + message + ")", "atlas-error");
  box.setAttribute("role", "alert");
  container.appendChild(box);
}

window.addEventListener("error", function (event) {
  atlasFail(event.error || event.message);
});
window.addEventListener("unhandledrejection", function (event) {
  atlasFail(event.reason);
});

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
const AtlasCard = L.Tooltip.extend({
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
});

// options.config_url: the static file with the map's constant configuration (fetched once,
// cached by the browser); the other options (sync, present, steps...) override it.
function atlasInit(map, options) {
  if (!options.config_url) {
    try {
      atlasStart(map, options);
    } catch (err) {
      atlasFail(err);
    }
    return;
  }
  fetch(options.config_url).then(function (r) {
    if (!r.ok) throw new Error(options.config_url + ": HTTP " + r.status);
    return r.json();
  }).then(function (config) {
    const merged = Object.assign(config, options);
    atlasStart(map, merged);
  }).catch(function (err) {
    const box = atlasText("div", "The map could not be loaded (" + err.message + ")",
                          "atlas-error");
    box.setAttribute("role", "alert");
    map.getContainer().appendChild(box);
  });
}

function atlasStart(map, config) {
  const atlas = {
    map: map, config: config, areas: {}, claims: {}, changed: {}, disputed: {}, transfers: {},
    lines: {}, labels: {}, loaded: false, pending: null, year: null, status: {},
    featureUnits: {}, partLayers: [], cutLayer: null,
  };
  window.atlas = atlas;
  const style = config.style;
  const container = map.getContainer();
  container.style.background = style.basemap.sea;
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", config.ui.map_label);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(escapeHtml(config.attribution));

  // Drawing order, bottom to top. Online tiles sit above the offline land, so where a tile
  // cannot load (no network) the land underneath still shows.
  const panes = [
    "basemap", "tiles", "areas", "claims", "changed", "disputed", "transfer", "lines", "labels",
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
    if (k === "changed" && !config.sync) return;  // only the compare view has changes
    // Layers the reader shows or hides on the page (and in the link) are not offered here too.
    if ((config.hideable || []).indexOf(k) >= 0) return;
    overlays[escapeHtml(config.layer_names[k])] = groups[k];
  });
  config.online_tiles.forEach(function (tiles) {
    const layer = L.tileLayer(tiles.url, {
      attribution: escapeHtml(tiles.attribution), maxZoom: tiles.max_zoom, pane: "atlas-tiles",
    });
    layer.on("tileerror", function () { showTilesNotice(atlas, true); });
    layer.on("remove", function () { showTilesNotice(atlas, false); });
    overlays[escapeHtml(tiles.name)] = layer;
  });
  atlas.layerControl = L.control.layers({}, overlays, {collapsed: true}).addTo(map);

  if (config.present) {
    container.classList.add("atlas-present");
    map.invalidateSize();
  }
  addTitle(atlas);
  atlasSteps(atlas);
  L.control.zoom({position: "topleft"}).addTo(map);
  addViewButtons(atlas);
  addLegend(atlas);
  L.control.scale({position: "topright", imperial: false}).addTo(map);
  fitView(atlas, "four");
  // Until the user moves the map, the opening view is fitted again once the title box has its
  // text (its height decides how much room the islands get).
  ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
    container.addEventListener(type, function () { atlas.userMoved = true; }, true);
  });
  // The frame may still change size after the first fit (the page lays itself out): keep the
  // opening view fitted until the user moves the map, and the labels in place either way.
  const refit = function () {
    if (!atlas.userMoved) fitView(atlas, "four");
    else foldLegend(atlas);
    if (atlas.loaded) placeLabels(atlas);
  };
  map.on("resize", refit);
  // Sizes measured before Leaflet's stylesheet applies are wrong (a label is as wide as the
  // map, the title box sits in the page flow). The stylesheets load beside the scripts and may
  // not be in yet: measure again once they are.
  document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
    if (!link.sheet) link.addEventListener("load", refit);
  });
  if (document.readyState !== "complete") window.addEventListener("load", refit);
  atlasSync(atlas);
  atlasFollowPage(atlas);
  if (window.atlasEarly) {
    const early = window.atlasEarly;
    window.atlasEarly = null;
    atlasApply(early[0], early[1]);
  }

  // A standalone export (geo/export.py) carries the three documents in config.geometry.
  Promise.all(config.geometry || config.urls.map(function (url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  })).then(function (docs) {
    buildLayers(atlas, docs[0], docs[1], docs[2]);
    atlasPicks(atlas);
    atlas.loaded = true;
    if (atlas.pending) atlasApply(atlas.pending);
  }).catch(function (err) {
    showError(atlas, config.ui.load_error + " (" + err.message + ")");
  });
}

function showError(atlas, message) {
  const box = atlasText("div", message, "atlas-error");
  box.setAttribute("role", "alert");
  atlas.map.getContainer().appendChild(box);
}

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
  const bottom = height(attribution) + labelRoom + (wide ? 0 : height(atlas.legendBox) + gap);
  const left = wide ? width(atlas.leftControls) + 2 * gap : gap;
  const right = wide ? width(atlas.legendBox) + 2 * gap : gap;
  if (size.x - left - right < 50 || size.y - top - bottom < 50) {
    // Not laid out yet (a hidden iframe has no size): fit once it has one.
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
  if (atlas.legendBox && !atlas.legendToggled) {
    atlas.legendBox.open = atlas.map.getSize().x >= (atlas.config.present ? 1100 : 600);
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
        new AtlasCard({sticky: true, direction: "right", offset: [14, 0],
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
    if (right <= down) dx += right; else dy += down;
  });
  if (dx || dy) {
    tip.options.offset = L.point(base[0] + dx, base[1] + dy);
    tip.update();
  }
}

// A context label that would overlap a disputed group's label, a control or the map's edge is
// left out: the four disputed groups' labels always win.
function hideCrowdedLabels(atlas) {
  const container = atlas.map.getContainer();
  const frame = container.getBoundingClientRect();
  const blockers = Array.from(container.querySelectorAll(
    ".leaflet-control, .atlas-label-disputed")).map(function (el) {
    return el.getBoundingClientRect();
  });
  Object.keys(atlas.labels).forEach(function (group) {
    const entry = atlas.labels[group];
    if (entry.label.disputed || !atlas.groups.labels.hasLayer(entry.tip)) return;
    const el = entry.tip.getElement();
    if (!el) return;
    const r = el.getBoundingClientRect();
    const inside = r.left >= frame.left && r.right <= frame.right && r.top >= frame.top
      && r.bottom <= frame.bottom;
    if (!inside || blockers.some(function (b) { return boxesOverlap(r, b); })) {
      atlas.groups.labels.removeLayer(entry.tip);
    } else {
      blockers.push(r);
    }
  });
}

function updateLegend(atlas, payload) {
  const box = atlas.legendYear;
  if (!box) return;
  box.replaceChildren();
  payload.legend.forEach(function (item) { legendRow(box, item); });
}

// fromServer: the payload came with a Streamlit rerun (not from a step taken in the browser).
// Called from scripts and event handlers of the page too: an error shows the error box.
function atlasApply(payload, fromServer) {
  try {
    atlasApplyPayload(payload, fromServer);
  } catch (err) {
    atlasFail(err);
  }
}

function atlasApplyPayload(payload, fromServer) {
  const atlas = window.atlas;
  if (!atlas) {  // the configuration is still on its way: apply once the map has started
    window.atlasEarly = [payload, fromServer];
    return;
  }
  if (payload.ref !== undefined) {
    // Only the id came with the rerun: the payload is among the map's steps.
    const full = atlas.stepById && atlas.stepById[payload.ref];
    if (!full) {
      showError(atlas, atlas.config.ui.load_error + " (" + payload.ref + ")");
      return;
    }
    payload = Object.assign({}, full, {hidden_layers: payload.hidden_layers});
  }
  if (fromServer && atlas.onServerPayload && !atlas.onServerPayload(payload)) return;
  atlas.appliedBy = fromServer ? "server" : "page";
  // The title box and legend follow the year at once, even before the geometry has arrived.
  const title = atlas.titleBox;
  if (title) {
    title.querySelector(".atlas-title-main").textContent = payload.title;
    title.querySelector(".atlas-title-sub").textContent = payload.subtitle;
    title.title = payload.title + (payload.subtitle ? "\n" + payload.subtitle : "");
    if (atlas.loaded) placeLabels(atlas);
  }
  updateLegend(atlas, payload);
  atlas.current = payload.id;
  if (payload.hidden_layers) atlas.hiddenLayers = payload.hidden_layers;
  updateLabelAdmins(atlas, payload);
  if (atlas.loaded && !atlas.fittedWithLabels && !atlas.userMoved) {
    atlas.fittedWithLabels = true;  // the labels now have their full height: fit once more
    fitView(atlas, "four");
  }
  showLayers(atlas);
  if (!atlas.fittedWithTitle && !atlas.userMoved) fitView(atlas, "four");
  atlas.fittedWithTitle = true;
  if (!atlas.loaded) {
    atlas.pending = payload;
    return;
  }
  atlas.pending = null;
  atlas.year = payload.year;
  atlas.snapshot = payload.id;
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
    if (!visible && atlas.groups.lines.hasLayer(layer)) atlas.groups.lines.removeLayer(layer);
  });
  if (atlas.cutLayer) atlas.groups.lines.removeLayer(atlas.cutLayer);
  atlas.cutLayer = null;
  if (payload.cut) {
    atlas.cutLayer = L.geoJSON(payload.cut.geometry, {pane: "atlas-lines", style: payload.cut_style});
    atlas.cutLayer.bindTooltip(atlasText("span", payload.cut.label), {sticky: true});
    atlas.groups.lines.addLayer(atlas.cutLayer);
  }
  const container = atlas.map.getContainer();
  container.setAttribute("data-atlas-snapshot", String(payload.id));
  container.setAttribute("data-atlas-year", payload.year === null ? "" : String(payload.year));
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
          path.bindTooltip(new AtlasCard({sticky: true, direction: "right", offset: [14, 0],
                                          className: "atlas-card-box", opacity: 1}));
          path.setTooltipContent(function () { return cardContent(atlas, part.names, part.unit); });
        });
      }
      atlas.groups[kind[0]].addLayer(layer);
      atlas.partLayers.push([kind[0], layer]);
    });
  });
}

// The compare view's two maps move together: a view the user sets on one is set on the other.
// Messages go only to sibling frames of the same page and origin; a map that follows another
// stops re-fitting itself, like a map the user moved.
function atlasSync(atlas) {
  const name = atlas.config.sync;
  if (!name) return;
  const map = atlas.map;
  const me = Math.random().toString(36).slice(2);
  map.on("moveend", function () {
    if (atlas.following || !atlas.userMoved) return;
    const c = map.getCenter();
    const message = {atlasSync: name, from: me, lat: c.lat, lng: c.lng, zoom: map.getZoom()};
    let frames = [];
    try { frames = Array.from(window.parent.frames); } catch (e) { return; }
    frames.forEach(function (w) {
      // "/": this same origin (the location of a srcdoc frame has no origin of its own)
      if (w !== window) w.postMessage(message, "/");
    });
  });
  window.addEventListener("message", function (event) {
    const d = event.data;
    if (event.origin !== window.origin || !d || d.atlasSync !== name
        || d.from === me) return;
    atlas.userMoved = true;
    const c = map.getCenter();
    if (map.getZoom() === d.zoom && Math.abs(c.lat - d.lat) < 1e-9
        && Math.abs(c.lng - d.lng) < 1e-9) return;
    atlas.following = true;
    try {
      map.setView([d.lat, d.lng], d.zoom, {animate: false});
    } finally {
      atlas.following = false;
    }
  });
}

// The page's parent document, or null where it cannot be reached (a file opened on its own).
function pageDocument() {
  try {
    return window.parent !== window ? window.parent.document : null;
  } catch (e) {
    return null;
  }
}

// What each rerun says this map shows: the JSON in the data-state attribute of the page's hidden
// element of class config.state_class whose data-map is config.state. Read at start and after
// every change of the page; a state already applied is not applied again.
function atlasFollowPage(atlas) {
  const name = atlas.config.state;
  const doc = pageDocument();
  if (!name || !doc) return;
  const selector = "." + CSS.escape(atlas.config.state_class) + '[data-map="'
    + CSS.escape(name) + '"]';
  const read = function () {
    const el = doc.querySelector(selector);
    const text = el ? el.getAttribute("data-state") : null;
    if (!text || text === atlas.pageState) return;
    atlas.pageState = text;
    let message = null;
    try {
      message = JSON.parse(text);
    } catch (err) {
      atlasFail(err);
      return;
    }
    atlasApply(message, true);
  };
  // One observer per map name and page: a map loaded again replaces the one before.
  const observers = doc.atlasStateObservers || (doc.atlasStateObservers = {});
  if (observers[name]) observers[name].disconnect();
  observers[name] = new MutationObserver(read);
  observers[name].observe(doc.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"],
  });
  read();
}

// A click or tap on an area (or within config.pick_tolerance_px of one: small islets) presses
// its group's option (the group's index in config.groups) of the page's hidden choice widget
// (key config.pick_key); the page then shows that area. A click on open sea picks nothing.
function atlasPicks(atlas) {
  const key = atlas.config.pick_key;
  const doc = pageDocument();
  if (!key || !doc) return;
  let clicked = null;
  Object.keys(atlas.areas).forEach(function (id) {
    atlas.areas[id].on("click", function () { clicked = atlas.config.feature_groups[id]; });
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
  atlas.map.on("click", function (event) {
    const group = clicked || nearest(event.layerPoint);
    clicked = null;
    const index = group ? atlas.config.groups.indexOf(group) : -1;
    if (index < 0) return;
    const button = doc.querySelectorAll(".st-key-" + CSS.escape(key) + " button")[index];
    if (button) button.click();
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

// Steps in the browser (the timeline and presentation mode): every step's payload is in the
// map from the start, so a step restyles the map at once, with no server round trip, and
// Streamlit's rerun only catches the rest of the page up.
// - A slider (config.step_slider, its options being the steps): the map follows its value the
//   moment it moves; the slider's own rerun then brings the same payload (idempotent).
// - Step buttons (config.step_buttons: first / previous / next / last, and "goto", the key
//   prefix of hidden "go to step i" buttons): a click on a visible button is taken over here;
//   the map steps, then presses the hidden button of that step, an absolute target, so that
//   clicks Streamlit merges while busy cannot lose a step.
// - ← → Home End (config.step_keys, presentation mode) do the same as the buttons.
// Until the page has caught up, a payload from an older rerun is not drawn.
// The only knowledge of Streamlit's markup, kept here: a widget made with key K sits in an
// element of class "st-key-K"; a slider holds its option index in an <input type="range">
// (react-aria) whose aria-valuetext changes with it. If none is found, every step still
// works through the normal rerun; a browser test fails if the map stops following.
function atlasSteps(atlas) {
  const steps = atlas.config.steps;
  if (!steps || !steps.length) return;
  atlas.stepById = {};
  steps.forEach(function (s) { atlas.stepById[s.id] = s.payload; });
  const doc = pageDocument();
  const buttons = atlas.config.step_buttons || {};
  const ids = steps.map(function (s) { return s.id; });
  const last = steps.length - 1;
  let retry = null;
  const buttonOf = function (key) {
    return doc && key ? doc.querySelector(".st-key-" + key + " button") : null;
  };
  const wait = function (id, ask) {  // until the page shows step id (asking again if needed)
    atlas.desired = id;
    clearTimeout(retry);
    let tries = 0;
    const again = function () {
      if (atlas.desired !== id) return;
      if (tries++ >= 3) { atlas.desired = null; return; }  // give up: follow the page again
      if (ask) ask();
      retry = setTimeout(again, 2000);
    };
    retry = setTimeout(again, 2000);
  };
  const show = function (index) {
    const payload = steps[index].payload;
    if (payload.id === (atlas.desired || atlas.current)) return false;
    atlasApply(payload);
    return true;
  };
  const request = function (index) {
    const press = function () {
      const b = buttonOf(buttons.goto ? buttons.goto + index : null);
      if (b) b.click();
      return Boolean(b);
    };
    if (press()) wait(ids[index], press);
    else atlas.desired = null;
  };
  const step = function (name) {
    const at = ids.indexOf(atlas.desired || atlas.current);
    const wanted = {first: 0, last: last, previous: at - 1, next: at + 1}[name];
    const index = Math.max(0, Math.min(last, at < 0 ? 0 : wanted));
    if (show(index)) request(index);
  };
  atlas.onServerPayload = function (payload) {
    if (!atlas.desired) return true;
    if (payload.id === atlas.desired) {
      atlas.desired = null;
      clearTimeout(retry);
      return true;
    }
    return false;  // an older rerun: the page is behind the map
  };
  // The page's visible step buttons (mouse, touch, Enter / Space on a focused button).
  const onClick = function (event) {
    ["first", "previous", "next", "last"].forEach(function (name) {
      const button = buttonOf(buttons[name]);
      if (button && !button.disabled && button.contains(event.target)) {
        event.preventDefault();
        event.stopPropagation();
        step(name);
      }
    });
  };
  // The slider: its value is the index of the step.
  const slider = atlas.config.step_slider;
  const onSlider = function (event) {
    const el = event.target;
    if (!slider || !el || !el.closest || !el.closest(".st-key-" + slider)) return;
    const input = el.matches('input[type="range"]') ? el
      : el.querySelector && el.querySelector('input[type="range"]');
    if (!input) return;
    const index = parseInt(input.value, 10);
    if (isNaN(index) || index < 0 || index > last) return;
    if (show(index)) wait(ids[index], null);
  };
  const keyNames = {ArrowLeft: "previous", ArrowRight: "next", Home: "first", End: "last"};
  const onKey = function (event) {
    const name = keyNames[event.key];
    if (!name || event.altKey || event.ctrlKey || event.metaKey) return;
    const el = event.target;
    const tag = el && el.tagName ? el.tagName.toLowerCase() : "";
    if (["input", "textarea", "select"].indexOf(tag) >= 0 || (el && el.isContentEditable)
        || (el && el.getAttribute && el.getAttribute("role") === "slider")) return;
    event.preventDefault();
    event.stopPropagation();  // arrows step; they do not pan the map here
    step(name);
  };
  if (atlas.config.step_keys) document.addEventListener("keydown", onKey, true);
  if (doc) {
    // One set of listeners per page: a map loaded again replaces those of the one before.
    const old = doc.atlasStepListeners;
    if (old) {
      doc.removeEventListener("keydown", old.key, true);
      doc.removeEventListener("click", old.click, true);
      doc.removeEventListener("input", old.slider, true);
      if (old.observer) old.observer.disconnect();
    }
    let observer = null;
    if (slider) {
      doc.addEventListener("input", onSlider, true);
      observer = new MutationObserver(function (records) {
        records.forEach(function (r) { onSlider({target: r.target}); });
      });
      observer.observe(doc.body, {subtree: true, attributes: true,
                                  attributeFilter: ["aria-valuetext"]});
    }
    if (atlas.config.step_keys) doc.addEventListener("keydown", onKey, true);
    doc.addEventListener("click", onClick, true);
    doc.atlasStepListeners = {
      key: onKey, click: onClick, slider: onSlider, observer: observer,
    };
  }
}

// The administrator(s) of each disputed group under the payload, written under its label.
function updateLabelAdmins(atlas, payload) {
  const names = atlas.config.state_short || {};
  Object.keys(atlas.labels).forEach(function (group) {
    const entry = atlas.labels[group];
    if (!entry.admin) return;
    const codes = [];
    Object.keys(payload.units).forEach(function (id) {
      const unit = payload.units[id];
      if (unit.group === group && codes.indexOf(unit.administered_by) < 0) {
        codes.push(unit.administered_by);
      }
    });
    const text = codes.map(function (c) { return names[c] || c; }).join(" / ");
    entry.admin.textContent = text ? (atlas.config.ui.admin_prefix || "") + text : "";
  });
}
