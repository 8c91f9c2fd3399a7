/* The interactive map: Leaflet (installed from npm, served from this origin), the bundled country shapes,
   one marker per place with claims and per incident. No tiles, no CDN: every request goes to this server.
   Text from the ledger is set with textContent only, never as HTML. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }  // no Leaflet installed: the static SVG stays

  function node(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function link(href, text) { return node("a", text, { href: href }); }
  function seg(v) { return encodeURIComponent(String(v)); }

  function boxesOverlap(a, b) {
    return !(a.right < b.left || a.left > b.right || a.bottom < b.top || a.top > b.bottom);
  }
  // most claimed first; a label that would overlap one already shown is hidden until the zoom makes room
  function declutter(labels) {
    var shown = [];
    labels.forEach(function (l) {
      var t = l.getTooltip(), e = t && t.getElement();
      if (!e) { return; }
      e.style.visibility = "visible";
      var box = e.getBoundingClientRect();
      if (shown.some(function (b) { return boxesOverlap(box, b); })) { e.style.visibility = "hidden"; }
      else { shown.push(box); }
    });
  }

  function placePopup(p, done) {
    var box = node("div", null, { "class": "popup" });
    var h = node("div", null, { "class": "popup-title" });
    h.appendChild(link("/places/" + seg(p.id), p.name));
    box.appendChild(h);
    box.appendChild(link("/claims?place=" + encodeURIComponent(p.name), p.claims + " claim(s) here"));
    var list = node("ul", null, { "class": "popup-claims" });
    box.appendChild(list);
    list.appendChild(node("li", "loading…"));
    fetch("/places/" + seg(p.id) + ".json").then(function (r) { return r.json(); }).then(function (d) {
      list.textContent = "";
      (d.about || []).concat(d.said || []).slice(0, 8).forEach(function (c) {
        var li = node("li");
        li.appendChild(link("/claims/" + c.id.split("/").map(seg).join("/"), (c.figure ? c.figure + " " : "") +
          (c.measure || c.kind) + (c.group ? " " + c.group : "")));
        li.appendChild(node("span", " " + (c.outlet_name || c.doc_short || "") + (c.date ? ", " + c.date : "")));
        list.appendChild(li);
      });
      (d.incidents || []).forEach(function (i) {
        var li = node("li", null, { "class": "popup-incident" });
        li.appendChild(link("/incidents/" + seg(i.id), "incident: " + i.type + " " + (i.date || "")));
        list.appendChild(li);
      });
      done();  // re-measure and pan now that the content has arrived
    });
    return box;
  }

  function incidentPopup(i) {
    var box = node("div", null, { "class": "popup" });
    var h = node("div", null, { "class": "popup-title" });
    h.appendChild(link("/incidents/" + seg(i.id), i.type + " " + (i.date || "") + " " + (i.place_name || "")));
    box.appendChild(h);
    box.appendChild(node("div", "killed " + (i.killed_range || "?") + " · injured " + (i.injured_range || "?")));
    box.appendChild(node("div", i.documents.length + " report(s), " + i.claims.length + " claim(s)"));
    return box;
  }

  Promise.all([fetch("/map.json").then(function (r) { return r.json(); }),
               fetch("/map/countries.json").then(function (r) { return r.json(); })]).then(function (got) {
    var data = got[0], countries = got[1];
    el.textContent = "";
    el.classList.add("live");
    var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth 1:110m via world-atlas · Leaflet");
    // the view first: a permanent label needs a projected map to stand on
    var bounds = data.places.map(function (p) { return [p.lat, p.lon]; })
      .concat(data.incidents.map(function (i) { return [i.lat, i.lon]; }));
    if (bounds.length) { map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7 }); } else { map.setView([20, 0], 1); }
    L.geoJSON(countries, { interactive: false,
      style: { color: "#a9a39a", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
    var labels = [];
    data.places.slice().sort(function (a, b) { return b.claims - a.claims; }).forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { radius: 4 + Math.sqrt(p.claims) * 1.5, color: "#0b3d66", weight: 1,
        fillColor: "#1f77b4", fillOpacity: 0.6, className: "place-marker" }).addTo(map);
      m.bindTooltip(p.name, { permanent: true, direction: "right", offset: [6, 0], className: "label" });
      // the popup's content is built once, on first open: its claims are fetched then
      var box = null;
      m.bindPopup("", { maxWidth: 340, minWidth: 240 });
      m.on("popupopen", function (e) {
        if (!box) { box = placePopup(p, function () { e.popup.update(); }); e.popup.setContent(box); }
      });
      labels.push(m);
    });
    data.incidents.forEach(function (i) {
      var m = L.circleMarker([i.lat, i.lon], { radius: 6, color: "#600", weight: 1, fillColor: "#d62728",
        fillOpacity: 0.85, className: "incident-marker" }).addTo(map);
      m.bindPopup(function () { return incidentPopup(i); }, { maxWidth: 340, minWidth: 200 });
    });
    function tidy() { declutter(labels); el.dataset.zoom = String(map.getZoom());
      var c = map.getCenter(); el.dataset.center = c.lat.toFixed(4) + "," + c.lng.toFixed(4); }
    map.on("zoomend moveend", tidy);
    tidy();
    el.dataset.ready = "1";
  });
})();
