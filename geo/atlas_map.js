// The atlas's map logic inside the streamlit-folium iframe.
//
// atlasInit() runs once per map: it fetches the geometry (static GeoJSON files served by the
// app), builds one Leaflet layer per feature and layer kind, the layer control and the legend.
// atlasApply() runs on every year switch with a small payload of styles and tooltip lines
// computed in Python (geo.mapview.year_payload): no geometry travels after the first load.
// All data text is inserted with textContent, never as HTML.

function atlasText(tag, text, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

// Leaflet treats attributions as HTML: hand it our text escaped.
function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function atlasInit(map, config) {
  const atlas = {
    map: map, config: config, areas: {}, claims: {}, transfers: {}, lines: {},
    labels: {}, loaded: false, pending: null, year: null, status: {},
  };
  window.atlas = atlas;
  map.getContainer().style.background = config.style.basemap.sea;
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(escapeHtml(config.attribution));

  const panes = ["basemap", "areas", "claims", "transfer", "lines", "labels"];
  panes.forEach(function (name, i) {
    map.createPane("atlas-" + name).style.zIndex = String(250 + i * 10 + (i > 0 ? 150 : 0));
  });
  addHatchPatterns(config.style);

  const groups = {
    basemap: L.layerGroup(), areas: L.featureGroup(), claims: L.layerGroup(),
    transfer: L.layerGroup(), lines: L.layerGroup(), labels: L.layerGroup(),
  };
  atlas.groups = groups;
  ["basemap", "areas", "claims", "transfer", "lines", "labels"].forEach(function (k) {
    groups[k].addTo(map);
  });
  const baseLayers = {};
  baseLayers[config.layer_names.basemap] = groups.basemap;
  config.online_tiles.forEach(function (tiles) {
    baseLayers[tiles.name] = L.tileLayer(tiles.url, {
      attribution: escapeHtml(tiles.attribution), maxZoom: tiles.max_zoom,
    });
  });
  const overlays = {};
  ["areas", "claims", "transfer", "lines", "labels"].forEach(function (k) {
    overlays[config.layer_names[k]] = groups[k];
  });
  atlas.layerControl = L.control.layers(baseLayers, overlays, {collapsed: true}).addTo(map);
  L.control.scale({position: "topleft"}).addTo(map);
  addLegend(map, config);

  Promise.all(config.urls.map(function (url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  })).then(function (docs) {
    buildLayers(atlas, docs[0], docs[1], docs[2]);
    atlas.loaded = true;
    if (atlas.pending) atlasApply(atlas.pending);
  }).catch(function (err) {
    const box = atlasText("div", config.load_error + " (" + err.message + ")", "atlas-error");
    map.getContainer().appendChild(box);
  });
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

function addLegend(map, config) {
  const legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    // A <details> element: open by default, one click folds it away on a small screen.
    const div = L.DomUtil.create("details", "atlas-legend");
    div.open = true;
    div.appendChild(atlasText("summary", config.legend.title, "atlas-legend-title"));
    config.legend.items.forEach(function (item) {
      const row = L.DomUtil.create("div", "atlas-legend-row", div);
      const swatch = L.DomUtil.create("span", "atlas-swatch atlas-swatch-" + item.kind, row);
      if (item.kind === "fill") swatch.style.background = item.color;
      if (item.kind === "hatch") {
        swatch.style.background = "repeating-linear-gradient(45deg," + item.color + " 0 3px,"
          + "transparent 3px 6px)";
      }
      if (item.kind === "outline" || item.kind === "line") {
        swatch.style.borderColor = item.color;
      }
      row.appendChild(atlasText("span", item.label));
    });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo(map);
}

function tooltipContent(atlas, id) {
  const status = atlas.status[atlas.config.feature_groups[id]];
  const div = document.createElement("div");
  div.className = "atlas-tooltip";
  const names = atlas.config.names[id];
  div.appendChild(atlasText("div", names.title, "atlas-tooltip-title"));
  names.lines.forEach(function (t) { div.appendChild(atlasText("div", t, "atlas-tooltip-name")); });
  if (status) {
    status.lines.forEach(function (t) { div.appendChild(atlasText("div", t)); });
  }
  return div;
}

function buildLayers(atlas, basemap, areas, lines) {
  const style = atlas.config.style;
  L.geoJSON(basemap, {
    pane: "atlas-basemap", interactive: false,
    style: {color: style.basemap.coast, weight: 0.6, fillColor: style.basemap.land, fillOpacity: 1},
  }).addTo(atlas.groups.basemap);
  L.geoJSON(areas, {
    pane: "atlas-areas",
    style: {color: style.basemap.coast, weight: 0.8, fillColor: style.basemap.land, fillOpacity: 1},
    onEachFeature: function (feature, layer) {
      const id = feature.properties.id;
      layer.feature.properties = {id: id, group: feature.properties.group};
      atlas.areas[id] = layer;
      layer.bindTooltip(function () { return tooltipContent(atlas, id); }, {sticky: true});
      layer.bindPopup(function () { return tooltipContent(atlas, id); });
    },
  }).addTo(atlas.groups.areas);
  L.geoJSON(areas, {
    pane: "atlas-claims", interactive: false, style: {stroke: false, fill: false},
    onEachFeature: function (feature, layer) {
      atlas.claims[feature.properties.id] = layer;
    },
  }).addTo(atlas.groups.claims);
  L.geoJSON(areas, {
    pane: "atlas-transfer", interactive: false, style: {stroke: false, fill: false},
    onEachFeature: function (feature, layer) {
      atlas.transfers[feature.properties.id] = layer;
    },
  }).addTo(atlas.groups.transfer);
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
    const tip = L.tooltip({
      permanent: true, direction: "center", className: "atlas-label", pane: "atlas-labels",
      interactive: false,
    }).setLatLng(bounds.getCenter()).setContent(atlasText("span", label.text));
    atlas.labels[label.group] = {tip: tip, bounds: bounds};
  });
  atlas.map.on("zoomend", function () { placeLabels(atlas); });
  placeLabels(atlas);
}

// Show a label only when its area is big enough on screen to carry it, so that the small
// southern islands do not pile their labels on top of each other at low zoom.
function placeLabels(atlas) {
  const minPixels = atlas.config.label_min_pixels;
  Object.keys(atlas.labels).forEach(function (group) {
    const label = atlas.labels[group];
    const nw = atlas.map.latLngToLayerPoint(label.bounds.getNorthWest());
    const se = atlas.map.latLngToLayerPoint(label.bounds.getSouthEast());
    const big = Math.max(se.x - nw.x, se.y - nw.y) >= minPixels;
    const shown = atlas.groups.labels.hasLayer(label.tip);
    if (big && !shown) atlas.groups.labels.addLayer(label.tip);
    if (!big && shown) atlas.groups.labels.removeLayer(label.tip);
  });
}

function atlasApply(payload) {
  const atlas = window.atlas;
  if (!atlas) return;
  if (!atlas.loaded) {
    atlas.pending = payload;
    return;
  }
  atlas.pending = null;
  atlas.year = payload.year;
  atlas.status = payload.groups;
  Object.keys(atlas.areas).forEach(function (id) {
    const p = payload.groups[atlas.config.feature_groups[id]];
    if (!p) return;
    atlas.areas[id].setStyle(p.area_style);
    atlas.areas[id].feature.properties.administered_by = p.administered_by;
    atlas.claims[id].setStyle(p.claim_style);
    atlas.transfers[id].setStyle(p.transfer_style);
  });
  Object.keys(atlas.lines).forEach(function (id) {
    const layer = atlas.lines[id];
    const visible = payload.lines.indexOf(id) >= 0;
    if (visible && !atlas.groups.lines.hasLayer(layer)) {
      layer.setStyle(payload.line_style);
      atlas.groups.lines.addLayer(layer);
    }
    if (!visible && atlas.groups.lines.hasLayer(layer)) atlas.groups.lines.removeLayer(layer);
  });
  atlas.map.getContainer().setAttribute("data-atlas-year", String(payload.year));
}
