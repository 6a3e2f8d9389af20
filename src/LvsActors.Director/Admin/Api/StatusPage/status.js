// The status page: reads the admin API's JSON every second and draws it; writes go through the same API.
// Everything is built with textContent, never innerHTML: names and event texts come from configuration and requests.
"use strict";

const tokenKey = "lvsactors-admin-token";
const intervalMs = 1000;
let lastStatus = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}

function num(v) { return v === null || v === undefined ? "–" : Number(v).toLocaleString("en"); }

function bytes(v) {
  if (v === null || v === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let n = Number(v), i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + " " + units[i];
}

function ago(at) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 1000));
  return s < 60 ? s + "s ago" : s < 3600 ? Math.floor(s / 60) + "m ago" : Math.floor(s / 3600) + "h ago";
}

function say(text, error) {
  const m = document.getElementById("message");
  m.textContent = text;
  m.className = error ? "error" : "";
}

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  const body = await r.json().catch(() => null);
  return { ok: r.ok, status: r.status, body };
}

// The newest real-server event per "service|address": the last health result the director acted on, and when.
function lastHealth(events) {
  const last = new Map();
  for (const e of events) {
    if (e.type !== "real-server" || !e.virtualService) continue;
    const address = e.summary.split(" ")[0];
    last.set(e.virtualService + "|" + address, e);
  }
  return last;
}

function overrideOf(admin, service, address) {
  const rs = admin?.intent?.[service]?.realServers?.[address];
  return rs && rs.weight !== null && rs.weight !== undefined ? rs.weight : null;
}

function serverRow(service, rs, health, admin) {
  const t = rs.traffic;
  const h = health.get(service.name + "|" + rs.address);
  const classes = [rs.up ? "up" : "down", rs.admin, rs.tableWeight === null ? "out" : "in"].join(" ");
  const path = "/api/v1/services/" + encodeURIComponent(service.name) + "/real-servers/" + encodeURIComponent(rs.address);
  const what = service.name + " " + rs.address;
  return el("tr", { class: classes, "data-service": service.name, "data-server": rs.address },
    el("td", {}, rs.address, rs.added ? " (added)" : ""),
    el("td", { class: "health" }, rs.up ? "UP" : "DOWN"),
    el("td", { class: "last-check" }, h ? h.summary.slice(h.summary.indexOf(" is ") + 4) + " · " + ago(h.at) : "no change since start"),
    el("td", { class: "num" }, num(rs.healthWeight)),
    el("td", { class: "num" }, num(overrideOf(admin, service.name, rs.address))),
    el("td", { class: "num table-weight" }, rs.tableWeight === null ? "not in table" : num(rs.tableWeight)),
    el("td", { class: "admin" }, rs.admin),
    el("td", { class: "num" }, num(rs.activeConnections)),
    el("td", { class: "num" }, num(rs.inactiveConnections)),
    el("td", { class: "num" }, num(t?.connections)),
    el("td", { class: "num" }, num(t?.connectionRate)),
    el("td", { class: "num" }, t ? bytes(t.incomingByteRate) + "/s" : "–"),
    el("td", { class: "num" }, t ? bytes(t.outgoingByteRate) + "/s" : "–"),
    el("td", {},
      el("button", { class: "drain", onclick: () => write("POST", path + "/drain", null, "drain of " + what) }, "drain"),
      el("button", { class: "restore", onclick: () => write("POST", path + "/restore", null, "restore of " + what) }, "restore"),
      el("button", { class: "weight", onclick: () => askWeight(path, what, rs.healthWeight) }, "weight…")));
}

function serviceBlock(service, health, admin) {
  const t = service.traffic;
  const head = el("div", { class: "service-head" },
    el("h2", {}, service.name),
    el("span", {}, service.key + " · " + service.scheduler),
    el("span", { class: "badge " + (service.quorumUp ? "ok" : "bad") }, service.quorumUp ? "quorum up" : "QUORUM LOST"),
    service.maintenance ? el("span", { class: "badge bad" }, "maintenance") : "",
    el("span", { class: "muted" }, t ? num(t.connections) + " connections · " + num(t.connectionRate) + "/s · in " + bytes(t.incomingByteRate) + "/s · out " + bytes(t.outgoingByteRate) + "/s" : "no counters"));
  const columns = ["real server", "health", "last health change", "weight (config/health)", "override", "in table", "admin", "active", "inactive", "connections", "conn/s", "in/s", "out/s", ""];
  const table = el("table", { class: "real-servers", "data-service": service.name },
    el("thead", {}, el("tr", {}, ...columns.map(c => el("th", {}, c)))),
    el("tbody", {}, ...service.realServers.map(rs => serverRow(service, rs, health, admin))));
  return el("div", { class: "service" }, head, table);
}

function clusterBlock(cluster) {
  if (!cluster) return el("p", {}, "Not a cluster member: a single director, it owns its VIPs itself.");
  if (!cluster.status) return el("p", { class: "error" }, "cluster status unavailable: " + (cluster.error || "no answer"));
  const s = cluster.status;
  const members = el("table", {},
    el("thead", {}, el("tr", {}, ...["member", "status", "roles", "reachable", "leader"].map(c => el("th", {}, c)))),
    el("tbody", {}, ...s.members.map(m => el("tr", {},
      el("td", {}, m.address + (m.address === s.self ? " (this)" : "")), el("td", {}, m.status), el("td", {}, m.roles.join(", ")),
      el("td", {}, m.reachable ? "yes" : "NO"), el("td", {}, m.leader ? "leader" : "")))));
  if (s.activeActive) {
    // Every director announces what it can serve: no owner, BGP sessions instead.
    const announcing = s.local ? (s.local.holdingEpoch !== null ? "announces the VIPs" : "announces nothing: " + (s.local.eligible ? "no service can take their traffic" : s.local.reason)) : "unknown";
    const sessions = (s.bgp || []).map(b => b.name + " " + b.state + (b.info ? " " + b.info : "")).join(" · ");
    return el("div", {},
      el("p", { id: "vip-owner" }, "Active-active: every director announces the VIPs it can serve"),
      el("p", {}, "This director (" + s.self + ") " + announcing),
      el("p", { id: "bgp" }, "BGP: " + (sessions || "no session") + (s.bgpProblem ? " (" + s.bgpProblem + ")" : "")),
      members);
  }
  const owner = s.ownership ? (s.ownership.owner || "nobody") : "unknown (the VIP owner did not answer)";
  const epoch = s.ownership ? s.ownership.epoch : "–";
  const local = s.local ? (s.local.holdingEpoch !== null ? "holds the VIPs under epoch " + s.local.holdingEpoch : "does not hold the VIPs") + "; " + (s.local.eligible ? "eligible" : "not eligible: " + s.local.reason) : "a witness (no VIPs)";
  return el("div", {},
    el("p", { id: "vip-owner" }, "VIP owner: " + owner + " · epoch " + epoch),
    el("p", {}, "This director (" + s.self + ") " + local),
    members);
}

function render(status, admin, events) {
  const d = status.director;
  const servers = status.services.reduce((n, s) => n + s.realServers.length, 0);
  const up = status.services.reduce((n, s) => n + s.realServers.filter(r => r.up).length, 0);
  document.getElementById("summary").textContent =
    status.services.length + " virtual services, " + up + "/" + servers + " real servers up · data plane " + d.dataPlane +
    " · operator intent " + (d.adminVersion !== null ? "version " + d.adminVersion : "UNAVAILABLE: " + d.adminError) +
    (d.countersError ? " · " + d.countersError : "");
  const health = lastHealth(events);
  document.getElementById("services").replaceChildren(...status.services.map(s => serviceBlock(s, health, admin)));
  document.getElementById("cluster").replaceChildren(clusterBlock(d.cluster));
  document.querySelector("#events tbody").replaceChildren(...events.slice().reverse().map(e => el("tr", { class: "event " + e.type },
    el("td", {}, new Date(e.at).toLocaleTimeString("en-GB") + " (" + ago(e.at) + ")"), el("td", {}, e.type), el("td", {}, e.virtualService || ""),
    el("td", { class: "event-summary" }, e.summary))));
  document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString("en-GB");
}

async function poll() {
  try {
    const [status, admin, events] = await Promise.all([getJson("/api/v1/status"), getJson("/api/v1/admin"), getJson("/api/v1/events?limit=20")]);
    if (!status.ok) throw new Error((status.body && status.body.detail) || "HTTP " + status.status);
    lastStatus = status.body;
    render(status.body, admin.ok ? admin.body : null, events.ok ? events.body : []);
  } catch (e) {
    document.getElementById("updated").textContent = "update failed at " + new Date().toLocaleTimeString("en-GB") + ": " + e.message;
  }
}

function token() {
  let t = sessionStorage.getItem(tokenKey);
  if (!t) {
    t = window.prompt("Bearer token for writes (lvs.admin.api.token or a line of token-file):");
    if (t) sessionStorage.setItem(tokenKey, t.trim());
  }
  return t ? t.trim() : null;
}

async function write(method, path, body, what) {
  const t = token();
  if (!t) { say(what + ": cancelled, no token given", true); return; }
  say(what + ": sending…");
  try {
    const r = await fetch(path, {
      method, cache: "no-store",
      headers: { Authorization: "Bearer " + t, "Content-Type": "application/json", Accept: "application/json" },
      body: body === null ? "" : JSON.stringify(body),
    });
    const answer = await r.json().catch(() => null);
    if (r.status === 401) sessionStorage.removeItem(tokenKey);
    if (r.ok) say(what + ": " + (answer.changed ? "accepted, " + answer.event : "nothing to change") + " (intent version " + answer.version + ")");
    else say(what + ": refused (" + r.status + "): " + ((answer && answer.detail) || r.statusText), true);
  } catch (e) {
    say(what + ": failed: " + e.message, true);
  }
  poll();
}

function askWeight(path, what, current) {
  const text = window.prompt("Weight for " + what + " (0 to 65535; health gives " + current + "):", String(current));
  if (text === null) return;
  const weight = Number(text.trim());
  if (!Number.isInteger(weight)) { say("weight of " + what + ": \"" + text + "\" is not a whole number", true); return; }
  write("PUT", path + "/weight", { weight }, "weight " + weight + " for " + what);
}

poll();
setInterval(poll, intervalMs);
